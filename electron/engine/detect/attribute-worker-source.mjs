// Starts the attribute worker from source (tsx CLI, vitest), as scan-worker-source.mjs does
// for the scan worker. The Electron bundle starts dist/electron/attribute-worker.mjs directly.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./attribute-worker.ts');

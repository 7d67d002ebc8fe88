// Starts the logfile worker from source (tsx CLI, vitest), as the scan's worker loaders do.
// The Electron bundle starts dist/electron/logfile-worker.mjs directly.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./logfile-worker.ts');

// Starts the scan worker from source (tsx CLI, vitest): registers tsx in the worker thread,
// which neither vitest's transform nor the parent's loader reaches, then loads the entry.
// The Electron bundle starts dist/electron/scan-worker.mjs directly instead.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The repository's tsconfig.json, wherever the process runs (its @shared/… paths).
register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./scan-worker.ts');

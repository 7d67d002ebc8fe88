// Starts the scan worker from source (tsx CLI, vitest): registers tsx in the worker thread,
// which neither vitest's transform nor the parent's loader reaches, then loads the entry.
// The Electron bundle starts dist/electron/scan-worker.mjs directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./scan-worker.ts');

// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as
// sandboxed preloads must be). Packages stay external: electron-builder ships node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info' };
await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm', packages: 'external' });
// The scan's worker thread (electron/engine/detect/scan-thread.ts loads it from beside main.mjs).
await build({ ...common, entryPoints: ['electron/engine/detect/scan-worker.ts'], outfile: 'dist/electron/scan-worker.mjs', format: 'esm', packages: 'external' });
// The scan's attribute reader (electron/engine/detect/attribute-thread.ts), beside scan-worker.mjs.
await build({ ...common, entryPoints: ['electron/engine/detect/attribute-worker.ts'], outfile: 'dist/electron/attribute-worker.mjs', format: 'esm', packages: 'external' });
// Merge logfiles written beside a batch's merges (electron/workbooks/logfile-thread.ts), beside main.mjs.
await build({ ...common, entryPoints: ['electron/workbooks/logfile-worker.ts'], outfile: 'dist/electron/logfile-worker.mjs', format: 'esm', packages: 'external' });
await build({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] });

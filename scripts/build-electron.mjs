// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as
// sandboxed preloads must be). Packages stay external: electron-builder ships node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info' };
await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm', packages: 'external' });
await build({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] });

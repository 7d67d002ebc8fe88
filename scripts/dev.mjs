// Dev mode: the renderer from Vite's dev server (hot reload), the main process bundled once.
import { spawn } from 'node:child_process';
import { createServer } from 'vite';

const server = await createServer({ configFile: 'vite.config.ts' });
await server.listen();
const url = server.resolvedUrls.local[0];
await new Promise((resolve, reject) => {
  const b = spawn(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
  b.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build-electron exited ${code}`))));
});
const electron = spawn('npx', ['electron', '.'], { stdio: 'inherit', env: { ...process.env, MERGEDESK_DEV_SERVER_URL: url }, shell: process.platform === 'win32' });
electron.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});

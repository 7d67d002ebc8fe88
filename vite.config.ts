import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy, CSP_PLACEHOLDER } from './electron/main/csp';

const DEV_PORT = 5173;

/** Writes the CSP into index.html: the production policy in a build, the dev one only when served. */
export function cspPlugin(): Plugin {
  return {
    name: 'mergedesk-csp',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) => html.split(CSP_PLACEHOLDER).join(contentSecurityPolicy(ctx.server ? { devServerUrl: `http://localhost:${DEV_PORT}` } : {})),
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspPlugin()],
  // The renderer imports the shared contract as @shared/… (tsconfig.json paths).
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: true },
  server: { port: DEV_PORT, strictPort: true },
});

import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export const RENDERER_TEST_BUILD = path.resolve('test-output/renderer');

/** vitest globalSetup: builds the real renderer once per run for the browser tests. */
export default async function setup(): Promise<void> {
  if (process.env.MERGEDESK_SKIP_E2E === '1') return;
  fs.rmSync(RENDERER_TEST_BUILD, { recursive: true, force: true });
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: RENDERER_TEST_BUILD, sourcemap: false } });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

/**
 * vitest globalSetup: builds the real renderer once per test run for the browser tests,
 * into a folder of this run's own (two runs at once must not delete each other's build).
 * The forked test workers inherit the folder through the environment.
 */
export default async function setup(): Promise<() => void> {
  if (process.env.MERGEDESK_SKIP_E2E === '1') return () => undefined;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-renderer-'));
  process.env.MERGEDESK_RENDERER_BUILD = out;
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, sourcemap: false } });
  return () => fs.rmSync(out, { recursive: true, force: true });
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // @shared/… as in tsconfig.json paths.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share one PostgreSQL server; files still run in parallel, each on its own database.
    pool: 'forks',
    globalSetup: ['test/e2e/build-renderer.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});

import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Tests import server modules directly; the guard only matters to the Next bundler.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    // Every test file under tests/ (the browser tests are *.spec.ts, run by Playwright).
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report feeds the pass/fail summary of `npm test` (scripts/test.ts).
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

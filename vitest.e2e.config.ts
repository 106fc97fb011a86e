import { defineConfig } from 'vitest/config';

// Browser journeys: the global setup starts the real server (bin/shaobao.mjs) once on a fresh
// database; each file drives Debian chromium with playwright-core. Files run one after another:
// the machine has two cores and the server one embedded PostgreSQL.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});

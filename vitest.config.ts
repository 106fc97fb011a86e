import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; API tests run in-process against a real PostgreSQL engine
// (the embedded cluster the global setup starts, or the server named by TEST_DATABASE_URL).
// Browser journeys have their own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/api/**/*.test.ts', 'test/cli/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});

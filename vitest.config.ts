import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Explicit: vitest's default would also pick up Playwright's *.spec.ts files.
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['test/runtime-banner.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

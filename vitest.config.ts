import { availableParallelism } from 'node:os';
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
    // vitest's default (CPUs − 1) is one worker on a 2-core machine, which leaves a core
    // idle: the main process only collects results. Two workers took the default run from
    // ~185–225 s to ~90–135 s under the same load here (same CPU time, ~50 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

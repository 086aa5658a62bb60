import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that mock nothing and touch no process-wide state (each opens its own core on
 * a temp file): they share one module graph per worker instead of loading it again for
 * every file. That took test/core from ~48 s to ~13 s here (a fresh process runs all of the
 * code cold). Everything else (the electron mocks, renderer i18n, the test host, the
 * budgeted suites) keeps vitest's default of one fresh module graph per file.
 */
const SHARED_MODULES = ['test/core/**/*.test.ts', 'test/roles/**/*.test.ts', 'test/shared/**/*.test.ts'];
/**
 * The head office tests: ONE throwaway PostgreSQL cluster for all of them, started by the
 * project's globalSetup (each file still works on databases of its own), instead of one
 * cluster per file.
 */
// The chain simulation (test/sim) runs the head office too.
const SERVER_TESTS = ['test/server/**/*.test.ts', 'test/sim/**/*.test.ts'];
/**
 * The suites whose depth is a budget (vitest.deep.config.ts runs them at full budget).
 * `npm test` runs them with small budgets; CI, which runs the deep run right after, sets
 * PERKDESK_DEEP_FOLLOWS=1 so they are not run twice (~2.5 min of worker time here).
 */
export const DEEP_TESTS = [
  'test/fuzz/**/*.test.ts',
  'test/property/ledger-*.test.ts',
  'test/crash/**/*.test.ts',
  'test/core/offline/import-workers.test.ts',
];
const LEFT_TO_DEEP = process.env.PERKDESK_DEEP_FOLLOWS === '1' ? DEEP_TESTS : [];
// Explicit: vitest's default would also pick up Playwright's *.spec.ts files. Set per
// project only (a project that extends the root adds its include to the root's).
const ALL_TESTS = ['test/**/*.test.ts', 'test/**/*.test.tsx'];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/runtime-banner.ts'],
    setupFiles: ['test/helpers/after-each.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default (CPUs − 1) is one worker on a 2-core machine, which leaves a core
    // idle: the main process only collects results. Two workers took the default run from
    // ~185–225 s to ~90–135 s under the same load here (same CPU time, ~50 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: SHARED_MODULES,
          exclude: [...configDefaults.exclude, ...LEFT_TO_DEEP],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: SERVER_TESTS,
          globalSetup: ['test/server/global-pg.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ALL_TESTS,
          exclude: [...configDefaults.exclude, ...SHARED_MODULES, ...SERVER_TESTS, ...LEFT_TO_DEEP],
        },
      },
    ],
  },
});

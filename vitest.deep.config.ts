import { defineConfig } from 'vitest/config';
import base, { DEEP_TESTS } from './vitest.config.js';

/**
 * `npm run test:deep`: the suites whose depth is a budget, at full budget. The default
 * run (`npm run test:unit`, vitest.config.ts) runs the same files with small budgets so
 * it stays short; CI runs both. A variable already set in the environment wins, so
 * `FUZZ_SEED=… npm run test:deep` replays a deep fuzz run.
 */
const DEEP_BUDGETS = {
  // Dispatcher fuzz: 20 s shared by every channel × caller, at most 60 runs each.
  FUZZ_BUDGET_MS: '20000',
  FUZZ_RUNS: '60',
  // Ledger properties: 500 fc.commands sequences per refund policy (1,000 in all).
  PROPERTY_RUNS: '500',
  // Crash harness: 20 SIGKILLs of a working child (~1 s each).
  CRASH_KILLS: '20',
  // Member import in a worker: one file of 100,000 rows (the default run imports 5,000).
  IMPORT_ROWS: '100000',
};

// The deep run is its own single project: the default run's split into projects stays there.
const { projects: _projects, ...baseTest } = base.test ?? {};

export default defineConfig({
  ...base,
  test: {
    ...baseTest,
    name: 'deep',
    include: DEEP_TESTS,
    env: Object.fromEntries(Object.entries(DEEP_BUDGETS).map(([k, v]) => [k, process.env[k] ?? v])),
  },
});

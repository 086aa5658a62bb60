import { describe, expect, inject, it } from 'vitest';
import { TEMPLATE_DB } from '../server/global-pg';
import { attachPgCluster } from '../server/pg-cluster';
import { describeResult, runSeeds } from './run';

/**
 * The chain simulation (run.ts) on small sizes: 20 seeds of two stores, real terminal
 * cores (every other seed with one in a child process that is killed mid-push), the real
 * head office on the shared test cluster, a faulty network. `npm run sim` runs it big.
 */
describe('chain simulation', () => {
  it('20 seeds: nothing lost or twice, balances converge, overdraw within the allowances', async () => {
    const url = inject('perkdeskPgUrl');
    if (!url) throw new Error('the server project’s globalSetup (test/server/global-pg.ts) did not run');
    const cluster = attachPgCluster(url);
    const summary = await runSeeds(cluster, TEMPLATE_DB, {
      seeds: 20,
      first: 1,
      stores: 2,
      terminals: 2,
      steps: 12,
      children: 1,
      concurrency: 2,
    });
    const failures = summary.results.filter((r) => r.violations.length > 0 || r.lost > 0);
    expect(failures.map((r) => [describeResult(r), ...r.violations.slice(0, 5)])).toEqual([]);
    expect(summary.results.reduce((k, r) => k + r.kills, 0)).toBeGreaterThan(0);
    expect(summary.line).toMatch(/^seeds=20 violations=0 lost=0 overdraw_max=\d+ bound=\d+$/);
  }, 120_000);
});

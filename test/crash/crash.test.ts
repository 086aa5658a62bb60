import { describe, expect, it } from 'vitest';
import { runCrashHarness } from './harness';

/**
 * A small run of the crash harness: CRASH_KILLS kills, 3 in `npm run test:unit`, more in
 * `npm run test:deep` (vitest.deep.config.ts); `npm run crash -- --kills 50` is the full
 * one. Each kill costs a child start (~1 s with tsx) plus a short work window.
 * CRASH_SEED picks other kill moments (the kills themselves race the child, so a seed
 * repeats the plan, not the exact interleaving).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 3);
const SEED = Number(process.env.CRASH_SEED ?? 20261125);

describe(`crash harness (${KILLS} kills)`, () => {
  it(
    'loses nothing acknowledged and breaks no invariant',
    async () => {
      const lines: string[] = [];
      const s = await runCrashHarness({ kills: KILLS, seed: SEED, windowMs: [50, 250], log: (l) => lines.push(l) });
      expect(s.violations, lines.join('\n')).toEqual([]);
      expect(s.lost, lines.join('\n')).toBe(0);
      expect(s.acked).toBeGreaterThan(0);
      // Every kind of operation is implemented: none was skipped as "not implemented yet".
      expect(s.unavailable).toEqual([]);
    },
    30_000 + KILLS * 5_000,
  );
});

describe('crash verifier', () => {
  it('notices an acknowledged op that is not in the store, and a broken audit chain', async () => {
    const { makeStaffedCore } = await import('../helpers/core');
    const { verifyStore } = await import('./verify');
    const { core } = await makeStaffedCore();
    const dbPath = core.config.dbPath;
    core.db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{}' WHERE seq = 2");
    core.close();
    const ghost = {
      kind: 'staff' as const,
      channel: 'staff:create' as const,
      input: {},
      as: 'manager' as const,
      createdId: '0191b7f0-0000-7000-8000-000000000000',
    };
    const v = await verifyStore(dbPath, [ghost]);
    expect(v.lost).toHaveLength(1);
    expect(v.violations.join('\n')).toMatch(/audit chain broken at seq 2/);
  });
});

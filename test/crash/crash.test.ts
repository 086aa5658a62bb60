import { describe, expect, it } from 'vitest';
import { runCrashHarness } from './harness';

/**
 * A small run of the crash harness in `npm test`; `npm run crash -- --kills 50` is the
 * full one. Each kill costs a child start (~1 s with tsx) plus a short work window.
 */
describe('crash harness (3 kills)', () => {
  it('loses nothing acknowledged and breaks no invariant', async () => {
    const lines: string[] = [];
    const s = await runCrashHarness({ kills: 3, seed: 20261125, windowMs: [50, 250], log: (l) => lines.push(l) });
    expect(s.violations, lines.join('\n')).toEqual([]);
    expect(s.lost).toBe(0);
    expect(s.acked).toBeGreaterThan(0);
  }, 60_000);
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

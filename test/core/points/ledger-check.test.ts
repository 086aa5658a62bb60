import { describe, expect, it } from 'vitest';
import { checkLedger, checkLedgerAtStartup } from '../../../src/main/core/points/ledger-check';
import { makePointsCore, op } from './points-helpers';

describe('ledger invariant checks', () => {
  it('start-up check: members written since the last clean check, plus a rotating slice of everyone', async () => {
    const { core, tokens, members } = await makePointsCore({ members: 5 });
    for (const [i, m] of members.entries()) {
      await core.ok(
        'points:adjust',
        { opId: op(), memberId: m, points: 10 + i, reason: 'opening balance' },
        tokens.manager,
      );
    }
    const first = checkLedgerAtStartup(core.db, 2);
    expect(first).toMatchObject({ ok: true, touched: 5, slice: 2, wrapped: false });
    // Nothing new: only the slice is checked, and it rotates round to the start.
    expect(checkLedgerAtStartup(core.db, 2)).toMatchObject({ ok: true, touched: 0, slice: 2, wrapped: false });
    expect(checkLedgerAtStartup(core.db, 2)).toMatchObject({ ok: true, touched: 0, slice: 1, wrapped: true });

    // A balance edited outside the app, for a member with no new entries, is found by
    // the slice within one rotation, and reported on every start until someone looks.
    const victim = [...members].sort()[4];
    core.db.prepare('UPDATE points_balances SET balance = balance + 1000 WHERE member_id = ?').run(victim);
    const found: number[] = [];
    for (let i = 0; i < 3; i++) found.push(checkLedgerAtStartup(core.db, 2).mismatches.length);
    expect(found.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(checkLedger(core.db).mismatches).toEqual([expect.objectContaining({ memberId: victim })]);
    // Never fixed by a check.
    expect(
      core.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck().get(victim),
    ).toBeGreaterThan(1000);
  });

  it('refuses to delete a cached balance row', async () => {
    const { core, tokens, member } = await makePointsCore();
    await core.ok(
      'points:adjust',
      { opId: op(), memberId: member, points: 5, reason: 'opening balance' },
      tokens.manager,
    );
    expect(() => core.db.prepare('DELETE FROM points_balances').run()).toThrow(/never deleted/);
  });
});

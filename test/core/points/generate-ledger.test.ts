import { describe, expect, it } from 'vitest';
import { generateMembers } from '../../../bench/generate-members';
import { generateLedger } from '../../../bench/generate-ledger';
import { checkLedger, checkLots } from '../../../src/main/core/points/ledger-check';
import { makeStaffedCore } from '../../helpers/core';
import { op } from './points-helpers';

describe('bench/generate-ledger', () => {
  it('writes a history the app accepts: invariants hold, and the core works on top of it', async () => {
    const { core, tokens } = await makeStaffedCore();
    generateMembers(core.db, 300, 7);
    const report = generateLedger(core.db, { entries: 20_000, members: 300, seed: 7, now: core.clock.t });
    expect(report).toMatchObject({ entries: 20_000, members: 300 });
    expect(report.redemptions).toBeGreaterThan(0);
    expect(core.db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(20_000);
    expect(checkLedger(core.db).ok).toBe(true);
    expect(checkLots(core.db)).toEqual([]);
    expect(core.db.pragma('foreign_key_check')).toEqual([]);
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2); // FULL again
    // Ids are time-ordered like the app's: seq order = id order.
    const ids = core.db.prepare('SELECT id FROM points_ledger ORDER BY seq LIMIT 1000').pluck().all() as string[];
    expect([...ids].sort()).toEqual(ids);

    // Refund a generated receipt, void a generated redemption, redeem again: all through the core.
    const receipt = core.db
      .prepare('SELECT receipt_no FROM points_purchases ORDER BY created_at DESC LIMIT 1')
      .pluck()
      .get() as string;
    const refund = await core.ok('points:refund', { opId: op(), receiptNo: receipt }, tokens.cashier);
    expect(refund.pointsOwed).toBeGreaterThan(0);
    const red = core.db.prepare('SELECT id, member_id FROM reward_redemptions LIMIT 1').get() as {
      id: string;
      member_id: string;
    };
    const voided = await core.ok(
      'rewards:void',
      { opId: op(), redemptionId: red.id, reason: 'bench check' },
      tokens.manager, // a generated redemption is old and someone else's: a cashier would need approval
    );
    expect(voided.status).toBe('voided');
    expect(checkLedger(core.db).ok).toBe(true);
    expect(checkLots(core.db)).toEqual([]);
    const again = core.reopen();
    expect(again.startup.problems).toEqual([]);
  });
});

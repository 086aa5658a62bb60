import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MANAGER, makeStaffedCore, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { BULK_CLEAR_CONFIRMATION } from '../../src/shared/contract/points';

/**
 * Finding: a cashier awarded 100,000,000 points and no audit record mentioned any award.
 * Now every points movement — award, pay with points, redemption, refund, void, expiry
 * (by the channel and by the start-up/daily run), adjust, clear, bulk clear — has an
 * audit record naming who, which member, and the points (and the receipt and amount
 * where there is one), written from the channel's declared audit. Checked here the
 * other way round too: every ledger entry has its record, by the same actor.
 */
interface AuditRow {
  action: string;
  actor_id: string | null;
  target: string | null;
  details: Record<string, unknown>;
}
interface LedgerRow {
  id: string;
  member_id: string;
  kind: string;
  points: number;
  staff_id: string | null;
  ref_id: string | null;
}

const auditRows = (core: TestCore): AuditRow[] =>
  (core.db.prepare('SELECT action, actor_id, target, details FROM audit_log ORDER BY seq').all() as never[]).map(
    (r: AuditRow & { details: string }) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }),
  );

/** The audit record that accounts for one ledger entry, by kind. */
function recordFor(rows: AuditRow[], e: LedgerRow): AuditRow | undefined {
  const d = (r: AuditRow, k: string) => r.details[k];
  switch (e.kind) {
    case 'earn':
    case 'pay':
      return rows.find(
        (r) => r.action === 'points.awarded' && r.target === e.member_id && d(r, 'purchaseId') === e.ref_id,
      );
    case 'redeem':
      return rows.find(
        (r) => r.action === 'rewards.redeemed' && r.target === e.member_id && d(r, 'redemptionId') === e.ref_id,
      );
    case 'redeem_void':
      return rows.find(
        (r) => r.action === 'rewards.voided' && r.target === e.ref_id && d(r, 'memberId') === e.member_id,
      );
    case 'refund_return':
    case 'refund_clawback':
      return rows.find(
        (r) => r.action === 'points.refunded' && d(r, 'refundId') === e.ref_id && d(r, 'memberId') === e.member_id,
      );
    default:
      return rows.find((r) => r.target === e.member_id && d(r, 'entryId') === e.id);
  }
}

describe('every points movement is audited', () => {
  it('award, pay with points, redeem, refund, void, expiry, adjust, clear, bulk clear: each has its record', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('settings:update', { idleLockMinutes: 240 }, tokens.manager);
    await core.ok(
      'points:saveRules',
      { rules: { ...DEFAULT_RULES, payWithPointsAllowed: true, expiryMonths: 1 } },
      tokens.manager,
    );
    const a = await register(core, tokens.cashier, 1);
    const b = await register(core, tokens.cashier, 2);
    const reward = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 50 }, tokens.manager);

    const award = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: a.id, receiptNo: 'R-1', totalMinor: 100_000 },
      tokens.cashier,
    );
    const paid = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: a.id, receiptNo: 'R-2', totalMinor: 10_000, pointsToUse: 200 },
      tokens.cashier,
    );
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: b.id, receiptNo: 'R-3', totalMinor: 5_000 },
      tokens.cashier,
    );
    const red = await core.ok(
      'rewards:redeem',
      { opId: randomUUID(), memberId: a.id, rewardId: reward.id },
      tokens.cashier,
    );
    await core.ok('rewards:void', { opId: randomUUID(), redemptionId: red.id, reason: 'wrong item' }, tokens.cashier);
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: 'R-2' }, tokens.cashier);
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: a.id, points: 7, reason: 'goodwill' },
      tokens.manager,
    );
    await core.ok(
      'points:clearMember',
      { opId: randomUUID(), memberId: b.id, reason: 'closed account' },
      tokens.manager,
    );

    // The award record: actor, member, receipt, amount, points (paid and earned).
    const rows = auditRows(core);
    expect(rows.find((r) => r.action === 'points.awarded' && r.details.receiptNo === 'R-2')).toMatchObject({
      target: a.id,
      details: {
        receiptNo: 'R-2',
        totalMinor: 10_000,
        pointsUsed: 200,
        discountMinor: 200,
        pointsEarned: paid.pointsEarned,
      },
    });
    expect(award.pointsEarned).toBe(1_000);

    // Expiry by the manager's channel…
    core.clock.advance(32 * 86_400_000);
    await core.ok('auth:unlock', { password: MANAGER.password }, tokens.manager).catch(() => undefined);
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: b.id, receiptNo: 'R-4', totalMinor: 3_000 },
      tokens.manager,
    );
    const run = await core.ok('points:runExpiry', {}, tokens.manager);
    expect(run.members).toBeGreaterThan(0);
    // …and by the start-up run, with no one signed in.
    core.clock.advance(32 * 86_400_000);
    const again = core.reopen();
    const afterStart = auditRows(again).filter((r) => r.action === 'points.expired');
    expect(afterStart.some((r) => r.actor_id === null && r.target === b.id)).toBe(true);

    const t2 = (await again.ok('auth:signIn', { username: MANAGER.username, password: MANAGER.password })).token;
    await again.ok('points:award', { opId: randomUUID(), memberId: a.id, receiptNo: 'R-5', totalMinor: 4_000 }, t2);
    await again.ok(
      'points:bulkClear',
      { opId: randomUUID(), reason: 'programme relaunch', confirmation: BULK_CLEAR_CONFIRMATION },
      t2,
    );

    // Every ledger entry, whatever made it, has its record by the same actor.
    const all = auditRows(again);
    const ledger = again.db
      .prepare('SELECT id, member_id, kind, points, staff_id, ref_id FROM points_ledger')
      .all() as LedgerRow[];
    expect(new Set(ledger.map((e) => e.kind))).toEqual(
      new Set([
        'earn',
        'pay',
        'redeem',
        'redeem_void',
        'refund_return',
        'refund_clawback',
        'expire',
        'adjust',
        'clear',
      ]),
    );
    const unaccounted = ledger.filter((e) => {
      const r = recordFor(all, e);
      return !r || r.actor_id !== e.staff_id;
    });
    expect(unaccounted).toEqual([]);
  });
});

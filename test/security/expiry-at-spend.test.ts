import { describe, expect, it } from 'vitest';
import { DAY, ledgerSum, makePointsCore, op, SCENARIO_RULES, travel } from '../core/points/points-helpers';
import type { Result } from '../../src/shared/errors';

/**
 * Finding ("Smaller:"): points past their expiry could be spent until the next expiry
 * run (a terminal off at midnight, or the run not yet due). Now a spend first expires
 * that member's due lots in its own transaction (points/expiry.ts `expireDueLots`), so
 * the attack — spend the expired points before the run — fails through every spending
 * channel: redeem, pay with points, a manager's negative adjustment.
 */
const reasonOf = (r: Result<unknown>) => (r.ok ? 'ok' : String(r.error.details?.reason ?? r.error.code));
const RULES = { ...SCENARIO_RULES, tiers: [], expiryMonths: 2 };

describe('expired points cannot be spent before the expiry run', () => {
  it('redeem, pay with points and a negative adjustment all see the expired points gone', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'X1', totalMinor: 10_000 },
      tokens.cashier,
    ); // 100 pts
    const reward = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 60 }, tokens.manager);

    // 70 days later: the lot is past its date, and no expiry run has happened.
    await travel(core, tokens, 70 * DAY);
    expect(core.db.prepare("SELECT count(*) FROM points_ledger WHERE kind = 'expire'").pluck().get()).toBe(0);
    expect(ledgerSum(core, member)).toBe(100);

    const redeem = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: reward.id },
      tokens.cashier,
    );
    expect(reasonOf(redeem)).toBe('insufficientPoints');
    const pay = await core.call(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'X2', totalMinor: 10_000, pointsToUse: 50 as never },
      tokens.cashier,
    );
    expect(reasonOf(pay)).toBe('insufficientPoints');
    const adjust = await core.call(
      'points:adjust',
      { opId: op(), memberId: member, points: -100, reason: 'correction' },
      tokens.manager,
    );
    expect(reasonOf(adjust)).toBe('belowZero');
    // Nothing was spent: no redemption, no points-paid purchase.
    expect(core.db.prepare('SELECT count(*) FROM reward_redemptions').pluck().get()).toBe(0);
    expect(core.db.prepare("SELECT count(*) FROM points_ledger WHERE kind IN ('redeem', 'pay')").pluck().get()).toBe(0);
  });
});

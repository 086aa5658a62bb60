import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { DAY, explainEn, ledgerSum, makePointsCore, op, SCENARIO_RULES, travel } from './points-helpers';
import { makeCore } from '../../helpers/core';

const RULES = { ...SCENARIO_RULES, tiers: [], expiryMonths: 2 };

describe('points expiry', () => {
  it('expires lots after N months with a ledger entry, spending the oldest lot first', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'E1', totalMinor: 10000 }, tokens.cashier); // 100, day 0
    await travel(core, tokens, 35 * DAY);
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'E2', totalMinor: 5000 }, tokens.cashier); // 50, day 35
    const reward = await core.ok('rewards:create', { name: 'Pen', kind: 'goods', costPoints: 60 }, tokens.manager);
    await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id }, tokens.cashier); // takes 60 of the first lot

    const soon = await core.ok('points:expiring', { memberId: member }, tokens.cashier);
    expect(soon.points).toBe(40); // the rest of the first lot, due at day ~61
    const summary = await core.ok('points:memberSummary', { memberId: member }, tokens.cashier);
    expect(summary.expiringSoon.points).toBe(40);

    await travel(core, tokens, 27 * DAY); // day 62: first lot due, second not
    const run = await core.ok('points:runExpiry', {}, tokens.manager);
    expect(run).toEqual({ entries: 1, members: 1, pointsExpired: 40 });
    expect(ledgerSum(core, member)).toBe(50);
    const again = await core.ok('points:runExpiry', {}, tokens.manager);
    expect(again.pointsExpired).toBe(0);
    const history = await core.ok('points:history', { memberId: member }, tokens.cashier);
    expect(history[0]).toMatchObject({ kind: 'expire', points: -40, balanceAfter: 50 });
    // The day it was earned, as the reader's calendar says it (Intl, medium date).
    expect(explainEn(history[0].facts)).toMatch(/^40 pts expired \(earned [A-Z][a-z]{2} \d{1,2}, \d{4}\)$/);
  });

  it('runs at start-up and the ledger check reports (never fixes) a tampered balance', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'E3', totalMinor: 10000 }, tokens.cashier);
    core.clock.advance(70 * DAY);
    const again = core.reopen();
    expect(again.startup.problems).toEqual([]);
    expect(ledgerSum(again, member)).toBe(0); // expired by the start-up run

    again.db.prepare('UPDATE points_balances SET balance = 999 WHERE member_id = ?').run(member);
    const third = makeCore({ dir: again.dir, clock: again.clock });
    again.close();
    expect(third.startup.problems).toEqual([
      { check: 'points-ledger-invariant', problem: `member ${member}: cached balance 999 but the ledger sums to 0` },
    ]);
    // Still there: reported, not silently fixed.
    expect(third.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck().get(member)).toBe(999);
  });
});

describe('operation records', () => {
  it('are kept for the retry window and pruned by the daily chore after it', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: RULES });
    const input = { opId: op(), memberId: member, receiptNo: 'O1', totalMinor: 1000 };
    const first = await core.ok('points:award', input, tokens.cashier);
    await travel(core, tokens, 89 * DAY);
    core.runStartupChecks();
    expect(await core.ok('points:award', input, tokens.cashier)).toEqual(first);
    await travel(core, tokens, 2 * DAY);
    core.runStartupChecks();
    expect(core.db.prepare('SELECT count(*) FROM points_operations').pluck().get()).toBe(0);
    // Past the window a retry runs again, and the receipt number still refuses a second award.
    const late = await core.call('points:award', input, tokens.cashier);
    expectError(late, 'CONFLICT');
  });
});

import { describe, expect, it } from 'vitest';
import { SCENARIO_RULES, makePointsCore, op } from './points-helpers';

describe("a member's data export includes their points", () => {
  it('has the balance, ledger entries and purchases with lines', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-9', totalMinor: 10500 },
      tokens.cashier,
    );
    const data = await core.ok('members:exportData', { memberId: member }, tokens.manager);
    const points = data.sections.points as {
      balance: number;
      ledger: { points: number }[];
      purchases: { receiptNo: string; lines: unknown[] }[];
    };
    expect(points.balance).toBe(105);
    expect(points.ledger.map((e) => e.points)).toEqual([105]);
    expect(points.purchases[0]).toMatchObject({ receiptNo: 'R-9' });
  });
});

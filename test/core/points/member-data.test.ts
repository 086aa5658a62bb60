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

  it('explains each entry and purchase from its stored facts, in the store’s language', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-10', totalMinor: 10500 },
      tokens.cashier,
    );
    type Explained = { facts: { kind: string }; explanation: string };
    const section = async () => {
      const data = await core.ok('members:exportData', { memberId: member }, tokens.manager);
      return data.sections.points as { ledger: Explained[]; purchases: Explained[] };
    };
    const english = await section();
    expect(english.ledger[0].facts).toMatchObject({ kind: 'earn' });
    expect(english.ledger[0].explanation).toMatch(/^¥105\.00 × 1 pt\/¥1 = 105 pts/);
    expect(english.purchases[0].explanation).toBe(english.ledger[0].explanation);

    await core.ok('settings:update', { locale: 'zh-CN' }, tokens.manager);
    const chinese = await section();
    expect(chinese.ledger[0].explanation).toMatch(/积分/);
    expect(chinese.ledger[0].explanation).not.toMatch(/pts/);
  });

  it('puts redemptions in the rewards area’s section, not the points one', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-11', totalMinor: 50000 },
      tokens.cashier,
    );
    const mug = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 100 }, tokens.manager);
    await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: mug.id }, tokens.cashier);
    const data = await core.ok('members:exportData', { memberId: member }, tokens.manager);
    expect(data.sections.points).not.toHaveProperty('redemptions');
    expect(data.sections.rewards).toEqual({
      redemptions: [expect.objectContaining({ reward: 'Mug', kind: 'goods', points: 100, status: 'active' })],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { DAY, DEFAULT_RULES, makePointsCore, op, travel } from './points-helpers';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { Goal } from '../../../src/shared/contract/points-goals-schema';
import { formatGoalFacts } from '../../../src/shared/explain/goal-facts';
import { goalContribution } from '../../../src/main/core/points/goals';
import { minor } from '../../../src/shared/units';

/** Issue 11 item 4: goals and automatic rewards, with the worked numbers of the points README. */
const COFFEE: Goal = {
  key: 'coffee',
  name: 'Coffee card',
  measure: 'visits',
  minSpendMinor: 500,
  target: 10,
  reward: { name: 'Free coffee', kind: 'freeItem', sku: 'LATTE' },
};
const SPEND: Goal = {
  key: 'spend100',
  name: 'Spend ¥100',
  measure: 'spend',
  target: 10_000,
  reward: { name: '¥10 off', kind: 'amountOff', valueMinor: 1000 },
  pendingDays: 14,
  validDays: 30,
};
const rulesWith = (...goals: Goal[]): RuleSet => ({ ...DEFAULT_RULES, goals });

async function award(t: Awaited<ReturnType<typeof makePointsCore>>, receiptNo: string, totalMinor: number) {
  return t.core.ok('points:award', { opId: op(), memberId: t.member, receiptNo, totalMinor }, t.tokens.cashier);
}

function goalLedger(t: Awaited<ReturnType<typeof makePointsCore>>, key: string) {
  const rows = t.core.db
    .prepare(
      'SELECT kind, amount, balance_after FROM points_goal_ledger WHERE member_id = ? AND goal_key = ? ORDER BY seq',
    )
    .all(t.member, key) as { kind: string; amount: number; balance_after: number }[];
  const cached = (
    t.core.db
      .prepare('SELECT balance FROM points_goal_balances WHERE member_id = ? AND goal_key = ?')
      .get(t.member, key) as { balance: number } | undefined
  )?.balance;
  return { rows, sum: rows.reduce((a, r) => a + r.amount, 0), cached: cached ?? 0 };
}

describe('goal contribution (pure)', () => {
  const line = (paid: number, quantity = 1, sku: string | null = null, category: string | null = null) => ({
    lineNo: 1,
    sku,
    category,
    quantity,
    paidMinor: minor(paid),
  });
  it('visits: one stamp from the minimum, spread onto the qualifying lines', () => {
    expect(goalContribution(COFFEE, [line(499)])).toEqual([0]);
    expect(goalContribution(COFFEE, [line(300), line(300)])).toEqual([1, 0]);
    expect(goalContribution({ ...COFFEE, category: 'coffee' }, [line(300), line(600, 1, null, 'coffee')])).toEqual([
      0, 1,
    ]);
  });
  it('spend counts minor units paid; units counts quantity of the SKU', () => {
    expect(goalContribution(SPEND, [line(12_000), line(50)])).toEqual([12_000, 50]);
    const units: Goal = { ...COFFEE, measure: 'units', sku: 'LATTE', minSpendMinor: undefined };
    expect(goalContribution(units, [line(3000, 2, 'LATTE'), line(500, 3, 'MUG')])).toEqual([2, 0]);
  });
});

describe('goals and automatic rewards (item 4)', () => {
  it('coffee card: the 10th qualifying visit issues the reward by itself and starts the card again', async () => {
    const t = await makePointsCore({ rules: rulesWith(COFFEE) });
    for (let i = 1; i <= 9; i++) {
      const r = await award(t, `C-${i}`, 600);
      expect(r.goals?.[0]).toMatchObject({ added: 1, balance: i, vouchers: [] });
    }
    expect((await award(t, 'C-small', 499)).goals).toBeUndefined(); // under the minimum: no stamp
    const tenth = await award(t, 'C-10', 600);
    expect(tenth.goals?.[0]).toMatchObject({ added: 1, balance: 0 });
    expect(tenth.goals?.[0].vouchers).toEqual([
      expect.objectContaining({ name: 'Free coffee', kind: 'freeItem', sku: 'LATTE', status: 'available' }),
    ]);
    const f = tenth.goals![0].facts;
    expect(formatGoalFacts(f, { locale: 'en', currency: 'CNY', receipt: false })).toBe(
      'Coffee card: +1 stamp → 10 of 10, 1 reward issued (Free coffee) → 0 of 10',
    );
    expect(formatGoalFacts(f, { locale: 'zh-CN', currency: 'CNY' })).toBe(
      'Coffee card：+1 枚印章 → 10/10，发放 1 张奖励券（Free coffee）→ 0/10 · 小票 C-10',
    );
    const l = goalLedger(t, 'coffee');
    expect(l.sum).toBe(0);
    expect(l.cached).toBe(0);
    expect(l.rows.map((r) => r.kind)).toEqual([...Array(10).fill('progress'), 'issue']);
    // the counter sees the card and the voucher
    const g = await t.core.ok('points:memberGoals', { memberId: t.member }, t.tokens.cashier);
    expect(g.goals).toEqual([{ goalKey: 'coffee', name: 'Coffee card', measure: 'visits', target: 10, balance: 0 }]);
    expect(g.vouchers).toHaveLength(1);
  });

  it('spend goal ¥100: ¥90 on the card, ¥120 paid → ¥210 → two vouchers, ¥10 left; pending 14 days', async () => {
    const t = await makePointsCore({ rules: rulesWith(SPEND) });
    await award(t, 'S-1', 9000);
    const r = await award(t, 'S-2', 12_000);
    const out = r.goals![0];
    expect(out).toMatchObject({ added: 12_000, balance: 1000 });
    expect(out.vouchers.map((v) => v.status)).toEqual(['pending', 'pending']);
    expect(out.vouchers[0].availableFrom).toBe(t.core.clock.t + 14 * DAY);
    expect(out.vouchers[0].expiresAt).toBe(t.core.clock.t + 44 * DAY);
    expect(formatGoalFacts(out.facts, { locale: 'en', currency: 'CNY', timeZone: 'UTC', receipt: false })).toBe(
      'Spend ¥100: +¥120.00 → ¥210.00 of ¥100.00, 2 rewards issued (¥10 off, pending until Dec 9, 2026) → ¥10.00 of ¥100.00',
    );
    // pending: refused; after 14 days usable once
    const v = out.vouchers[0];
    expectError(
      await t.core.call('points:useVoucher', { opId: op(), memberId: t.member, voucherId: v.id }, t.tokens.cashier),
      'CONFLICT',
      { reason: 'voucherPending' },
    );
    await travel(t.core, t.tokens, 14 * DAY);
    const opId = op();
    const used = await t.core.ok(
      'points:useVoucher',
      { opId, memberId: t.member, voucherId: v.id, receiptNo: 'S-3' },
      t.tokens.cashier,
    );
    expect(used.status).toBe('used');
    // the same press again: the first result, nothing written; a new press: refused
    const again = await t.core.ok(
      'points:useVoucher',
      { opId, memberId: t.member, voucherId: v.id, receiptNo: 'S-3' },
      t.tokens.cashier,
    );
    expect(again).toEqual(used);
    expectError(
      await t.core.call('points:useVoucher', { opId: op(), memberId: t.member, voucherId: v.id }, t.tokens.cashier),
      'CONFLICT',
      { reason: 'voucherUsed' },
    );
    await travel(t.core, t.tokens, 31 * DAY);
    expectError(
      await t.core.call(
        'points:useVoucher',
        { opId: op(), memberId: t.member, voucherId: out.vouchers[1].id },
        t.tokens.cashier,
      ),
      'CONFLICT',
      { reason: 'voucherExpired' },
    );
  });

  it('a refund withdraws pending vouchers first, then takes from the card, never below zero', async () => {
    const t = await makePointsCore({ rules: rulesWith(SPEND) });
    await award(t, 'R-1', 9000);
    await award(t, 'R-2', 12_000); // ¥210 → 2 pending, ¥10 left
    await t.core.ok('points:refund', { opId: op(), receiptNo: 'R-2' }, t.tokens.cashier);
    // owed ¥120: ¥10 < 120 → withdraw → ¥110 < 120 → withdraw → ¥210, take ¥120 → ¥90 (as before R-2)
    const l = goalLedger(t, 'spend100');
    expect(l.cached).toBe(9000);
    expect(l.sum).toBe(9000);
    expect(l.rows.slice(-3).map((r) => [r.kind, r.amount, r.balance_after])).toEqual([
      ['withdraw', 10_000, 11_000],
      ['withdraw', 10_000, 21_000],
      ['clawback', -12_000, 9000],
    ]);
    const g = await t.core.ok('points:memberGoals', { memberId: t.member }, t.tokens.cashier);
    expect(g.vouchers.map((v) => v.status).sort()).toEqual(['revoked', 'revoked']);
  });

  it('a refund after the vouchers became usable takes only what the card holds (the rest is short)', async () => {
    const t = await makePointsCore({ rules: rulesWith({ ...SPEND, pendingDays: 0 }) });
    await award(t, 'U-1', 9000);
    await award(t, 'U-2', 12_000); // 2 usable vouchers, ¥10 on the card
    await t.core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'U-2', lines: [{ lineNo: 1, quantity: 1 }] },
      t.tokens.cashier,
    );
    const l = goalLedger(t, 'spend100');
    expect(l.cached).toBe(0);
    expect(l.rows.at(-1)).toEqual({ kind: 'clawback', amount: -1000, balance_after: 0 });
    const g = await t.core.ok('points:memberGoals', { memberId: t.member }, t.tokens.cashier);
    expect(g.vouchers.map((v) => v.status)).toEqual(['available', 'available']);
  });

  it('a partial refund takes back only what the returned units added (units goal by line)', async () => {
    const units: Goal = {
      ...COFFEE,
      key: 'latte',
      measure: 'units',
      sku: 'LATTE',
      minSpendMinor: undefined,
      target: 5,
    };
    const t = await makePointsCore({ rules: rulesWith(units) });
    const r = await t.core.ok(
      'points:award',
      {
        opId: op(),
        memberId: t.member,
        receiptNo: 'P-1',
        lines: [
          { sku: 'LATTE', quantity: 3, unitPriceMinor: minor(1500) },
          { sku: 'MUG', quantity: 1, unitPriceMinor: minor(5000) },
        ],
      },
      t.tokens.cashier,
    );
    expect(r.goals![0]).toMatchObject({ added: 3, balance: 3 });
    await t.core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'P-1', lines: [{ lineNo: 2, quantity: 1 }] },
      t.tokens.cashier,
    );
    expect(goalLedger(t, 'latte').cached).toBe(3); // the mug added nothing
    await t.core.ok(
      'points:refund',
      { opId: op(), receiptNo: 'P-1', lines: [{ lineNo: 1, quantity: 2 }] },
      t.tokens.cashier,
    );
    expect(goalLedger(t, 'latte').cached).toBe(1);
    const clawback = t.core.db
      .prepare("SELECT facts FROM points_goal_ledger WHERE kind = 'clawback' ORDER BY seq DESC LIMIT 1")
      .get() as { facts: string };
    expect(formatGoalFacts(JSON.parse(clawback.facts), { locale: 'en', currency: 'CNY' })).toBe(
      'Coffee card: a refund takes back 2 units: 0 pending rewards withdrawn, 2 units from the card (0 units short) · receipt P-1',
    );
  });

  it('the same award pressed twice issues one voucher (op id idempotency)', async () => {
    const t = await makePointsCore({ rules: rulesWith({ ...COFFEE, target: 1 }) });
    const input = { opId: op(), memberId: t.member, receiptNo: 'I-1', totalMinor: minor(600) };
    const a = await t.core.ok('points:award', input, t.tokens.cashier);
    const b = await t.core.ok('points:award', input, t.tokens.cashier);
    expect(b).toEqual(a);
    expect((t.core.db.prepare('SELECT count(*) AS n FROM points_vouchers').get() as { n: number }).n).toBe(1);
  });

  it('caps the vouchers of one purchase at 100; the rest stays on the card', async () => {
    const t = await makePointsCore({ rules: rulesWith({ ...SPEND, target: 100, pendingDays: undefined }) });
    const r = await award(t, 'X-1', 20_050);
    expect(r.goals![0].vouchers).toHaveLength(100);
    expect(r.goals![0].balance).toBe(10_050);
  });

  it('refuses a voucher of another member', async () => {
    const t = await makePointsCore({ rules: rulesWith({ ...COFFEE, target: 1 }), members: 2 });
    const r = await award(t, 'O-1', 600);
    expectError(
      await t.core.call(
        'points:useVoucher',
        { opId: op(), memberId: t.members[1], voucherId: r.goals![0].vouchers[0].id },
        t.tokens.cashier,
      ),
      'NOT_FOUND',
      { reason: 'voucherNotFound' },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { DEFAULT_RULES, explainEn, makePointsCore, op, travel } from './points-helpers';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import type { Promotion, RuleSet, Tier } from '../../../src/shared/contract/points';
import { facts, type EarnFacts } from '../../../src/shared/explain/facts';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';
import { minor } from '../../../src/shared/units';

/**
 * Issue 11 items 9 (programme window), 10 (rounding policy), 11 (several promotions)
 * and 8 (minimum balance to spend), with the worked numbers of the points README.
 */
const GOLD: Tier = { name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 };
const promo = (name: string, startsAt: number, p: Partial<Promotion>): Promotion => ({
  name,
  startsAt,
  endsAt: 9e12,
  kind: 'multiplier',
  ...p,
});
const line = (amountMinor: number, category: string | null = null) => ({
  sku: null,
  category,
  amountMinor: minor(amountMinor),
});
const explain = (r: RuleSet, tier: Tier | null, lines: ReturnType<typeof line>[], locale: 'en' | 'zh-CN' = 'en') => {
  const earn = computeEarn(r, tier, 5_000, lines);
  const f = facts<EarnFacts>({ ...earn.facts, ruleVersion: 1 });
  return {
    total: earn.total,
    perLine: earn.perLine,
    text: formatExplanation(f, { locale, currency: 'CNY', minorUnits: 2 }),
  };
};

describe('rounding policy (item 10)', () => {
  it.each([
    // paid, once, per step
    [1050, 15, 15],
    [1090, 16, 15],
  ])('¥%i/100 at Gold ×1.5, rounding down: once %i, per step %i', (paid, once, step) => {
    expect(explain(DEFAULT_RULES, GOLD, [line(paid)]).total).toBe(once);
    expect(explain({ ...DEFAULT_RULES, roundingStep: 'step' }, GOLD, [line(paid)]).total).toBe(step);
  });

  it('says where it rounded, in both languages', () => {
    const r: RuleSet = { ...DEFAULT_RULES, roundingStep: 'step' };
    expect(explain(r, GOLD, [line(1090)]).text).toBe(
      '¥10.90 × 1 pt/¥1 = 10.9 → 10, Gold ×1.5 = 15 pts (rounded down at each step)',
    );
    expect(explain(r, GOLD, [line(1090)], 'zh-CN').text).toBe(
      '¥10.90 × 1 积分/¥1 = 10.9 → 10，Gold ×1.5 = 15 积分（每步向下取整）',
    );
    expect(explain(DEFAULT_RULES, GOLD, [line(1090)]).text).toBe(
      '¥10.90 × 1 pt/¥1 = 10.9, Gold ×1.5 = 16.35 → 16 pts (rounded down)',
    );
    // Both figures fractional: ¥11.50 → 11, × 1.5 = 16.5 → 16.
    expect(explain(r, GOLD, [line(1150)]).text).toBe(
      '¥11.50 × 1 pt/¥1 = 11.5 → 11, Gold ×1.5 = 16.5 → 16 pts (rounded down at each step)',
    );
  });

  it('splits the step total onto the lines so a refund takes back what each line earned', () => {
    const r: RuleSet = { ...DEFAULT_RULES, roundingStep: 'step' };
    const e = explain(r, GOLD, [line(545), line(545)]); // ¥10.90 in two lines → 15
    expect(e.total).toBe(15);
    expect(e.perLine).toEqual([8, 7]);
  });
});

describe('several promotions at once (item 11)', () => {
  const base: RuleSet = {
    ...DEFAULT_RULES,
    promotions: [
      promo('Double', 0, { multiplierPercent: 200 }),
      promo('Launch', 1_000, { multiplierPercent: 150 }),
      promo('Gift', 0, { kind: 'bonus', bonusPoints: 7 }),
      promo('Welcome', 1_000, { kind: 'bonus', bonusPoints: 5 }),
    ],
  };
  it.each([
    // policy, points on ¥10 (1 pt/¥1), explanation
    [undefined, 32, '¥10.00 × 1 pt/¥1 = 10, Double ×2 = 20, Gift +7, Welcome +5 → 32 pts'],
    ['bestMultiplier', 32, '¥10.00 × 1 pt/¥1 = 10, Double ×2 = 20, Gift +7, Welcome +5 → 32 pts'],
    ['best', 27, '¥10.00 × 1 pt/¥1 = 10, Double ×2 = 20, Gift +7 → 27 pts'],
    ['latest', 20, '¥10.00 × 1 pt/¥1 = 10, Launch ×1.5 = 15, Welcome +5 → 20 pts'],
    ['stack', 42, '¥10.00 × 1 pt/¥1 = 10, Double ×2 = 20, Launch ×1.5 = 30, Gift +7, Welcome +5 → 42 pts'],
  ] as const)('%s → %i', (policy, points, text) => {
    const r: RuleSet = { ...base, ...(policy ? { promotionPolicy: policy } : {}) };
    const e = explain(r, null, [line(1000)]);
    expect(e.total).toBe(points);
    expect(e.text).toBe(text);
  });

  it('stacks per line: a category promotion multiplies only its lines', () => {
    const r: RuleSet = {
      ...DEFAULT_RULES,
      promotionPolicy: 'stack',
      promotions: [
        promo('Double', 0, { multiplierPercent: 200 }),
        promo('Tea', 0, { multiplierPercent: 150, category: 'tea' }),
      ],
    };
    // ¥10 tea × 2 × 1.5 = 30, ¥10 other × 2 = 20 → 50.
    const e = explain(r, null, [line(1000, 'tea'), line(1000)]);
    expect(e.total).toBe(50);
    expect(e.perLine).toEqual([30, 20]);
    expect(e.text).toBe('(¥10.00 Double ×2 Tea ×1.5 + ¥10.00 Double ×2) × 1 pt/¥1 = 50 pts');
  });
});

describe('programme window (item 9)', () => {
  it('a version with an end date hands back to the rules before it, and the explanation says until when', async () => {
    const { core, tokens, member } = await makePointsCore();
    const endsAt = core.clock.t + 2 * 86_400_000;
    const saved = await core.ok(
      'points:saveRules',
      { rules: { ...DEFAULT_RULES, earnRate: { points: 3, perMinor: 100 }, endsAt } },
      tokens.manager,
    );
    const during = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'W1', totalMinor: 1000 },
      tokens.cashier,
    );
    expect(during).toMatchObject({ ruleVersion: saved.version, pointsEarned: 30 });
    expect(explainEn(during.facts, { receipt: false })).toMatch(/^¥10\.00 × 3 pts\/¥1 = 30 pts · programme until /);
    await travel(core, tokens, endsAt - core.clock.t);
    const after = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'W2', totalMinor: 1000 },
      tokens.cashier,
    );
    expect(after).toMatchObject({ ruleVersion: 1, pointsEarned: 10 });
    expect((await core.ok('points:getRules', {}, tokens.cashier)).current.version).toBe(1);
  });

  it('refuses a window that ends before it starts, writing nothing', async () => {
    const { core, tokens } = await makePointsCore();
    const before = snapshotCounts(core);
    const r = await core.call(
      'points:saveRules',
      { rules: { ...DEFAULT_RULES, endsAt: core.clock.t + 1000 }, effectiveFrom: core.clock.t + 2000 },
      tokens.manager,
    );
    expectError(r, 'VALIDATION');
    expect(!r.ok && r.error.details?.reason).toBe('endsBeforeEffective');
    expect(snapshotCounts(core)).toEqual(before);
  });
});

describe('minimum balance to spend (item 8)', () => {
  it('refuses spending from a balance below the minimum, allows it from the minimum', async () => {
    const rules: RuleSet = { ...DEFAULT_RULES, payWithPointsAllowed: true, minBalanceToSpend: 500 };
    const { core, tokens, member } = await makePointsCore({ rules });
    await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'M1', totalMinor: 49_900 },
      tokens.cashier,
    ); // 499
    const pen = await core.ok('rewards:create', { name: 'Pen', kind: 'goods', costPoints: 100 }, tokens.manager);
    const before = snapshotCounts(core);
    const pay = await core.call(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'M2', totalMinor: 10_000, pointsToUse: 100 },
      tokens.cashier,
    );
    expectError(pay, 'CONFLICT');
    expect(!pay.ok && pay.error.details).toMatchObject({ reason: 'belowMinBalance', minBalance: 500, balance: 499 });
    const redeem = await core.call(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: pen.id },
      tokens.cashier,
    );
    expect(!redeem.ok && redeem.error.details?.reason).toBe('belowMinBalance');
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('points:payQuote', { memberId: member, totalMinor: 10_000 }, tokens.cashier)).maxPoints).toBe(
      0,
    );

    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'M3', totalMinor: 100 }, tokens.cashier); // 500
    const ok = await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: pen.id }, tokens.cashier);
    expect(ok.balance).toBe(400); // 500 may be spent from; 400 left is below it again
  });
});

describe('earning kinds (item 3, in part)', () => {
  const sku = (code: string, amountMinor: number) => ({ sku: code, category: null, amountMinor: minor(amountMinor) });
  const earn = (
    r: RuleSet,
    lines: { sku: string | null; category: string | null; amountMinor: ReturnType<typeof minor> }[],
    locale: 'en' | 'zh-CN' = 'en',
  ) => {
    const e = computeEarn(r, null, 5_000, lines);
    const f = facts<EarnFacts>({ ...e.facts, ruleVersion: 1 });
    return {
      total: e.total,
      perLine: e.perLine,
      text: formatExplanation(f, { locale, currency: 'CNY', minorUnits: 2 }),
    };
  };

  it('a flat bonus and a multiplier for one SKU', () => {
    const bonus: RuleSet = {
      ...DEFAULT_RULES,
      promotions: [promo('Tea bonus', 0, { kind: 'bonus', bonusPoints: 20, sku: 'TEA-1' })],
    };
    // ¥10 TEA-1 + ¥10 other: 20 + 20 bonus on the tea line only.
    expect(earn(bonus, [sku('TEA-1', 1000), sku('MUG', 1000)])).toEqual({
      total: 40,
      perLine: [30, 10],
      text: '¥20.00 × 1 pt/¥1 = 20, Tea bonus +20 → 40 pts',
    });
    expect(earn(bonus, [sku('MUG', 1000)]).total).toBe(10); // no TEA-1: no bonus
    const triple: RuleSet = {
      ...DEFAULT_RULES,
      promotions: [promo('Tea', 0, { multiplierPercent: 300, sku: 'TEA-1' })],
    };
    expect(earn(triple, [sku('TEA-1', 1000), sku('MUG', 1000)])).toMatchObject({
      total: 40,
      text: '(¥10.00 Tea ×3 + ¥10.00) × 1 pt/¥1 = 40 pts',
    });
  });

  it('points per visit: once per purchase that earns, never below the minimum spend', () => {
    const visit: RuleSet = { ...DEFAULT_RULES, visitPoints: 5, minSpendMinor: 500 };
    expect(earn(visit, [line(1090)])).toMatchObject({
      total: 15,
      text: '¥10.90 × 1 pt/¥1 = 10.9 → 10 (rounded down), Per visit +5 → 15 pts',
    });
    expect(earn(visit, [line(1090)], 'zh-CN').text).toBe(
      '¥10.90 × 1 积分/¥1 = 10.9 → 10（向下取整），每次到店 +5 → 15 积分',
    );
    expect(earn(visit, [line(1000)]).text).toBe('¥10.00 × 1 pt/¥1 = 10, Per visit +5 → 15 pts');
    expect(earn(visit, [line(499)]).total).toBe(0);
  });

  it('a cap on how much of one purchase counts, shared by the lines', () => {
    const capped: RuleSet = { ...DEFAULT_RULES, countedMaxMinor: 100_000 };
    // ¥1,000 + ¥500 with a ¥1,000 cap: the lines count ¥666.67 + ¥333.33 → 1,000 pts.
    expect(earn(capped, [line(100_000), line(50_000)])).toEqual({
      total: 1000,
      perLine: [667, 333],
      text: '¥1,000.00 of ¥1,500.00 counts: ¥1,000.00 × 1 pt/¥1 = 1,000 pts',
    });
    expect(earn(capped, [line(100_000), line(50_000)], 'zh-CN').text).toBe(
      '¥1,500.00 中计入 ¥1,000.00：¥1,000.00 × 1 积分/¥1 = 1,000 积分',
    );
    expect(earn(capped, [line(90_000)]).total).toBe(900); // under the cap: all of it counts
  });

  it('points per unit whatever the price, a SKU rule before its category', () => {
    const r: RuleSet = {
      ...DEFAULT_RULES,
      unitPoints: [
        { sku: 'LATTE', points: 15 },
        { category: 'coffee', points: 10 },
      ],
    };
    const lines = [
      { sku: 'LATTE', category: 'coffee', amountMinor: minor(3000), quantity: 2 }, // ¥30 → 30 + 2 × 15
      { sku: 'ESPRESSO', category: 'coffee', amountMinor: minor(1200), quantity: 3 }, // ¥12 → 12 + 3 × 10
      { sku: 'MUG', category: null, amountMinor: minor(5000), quantity: 1 }, // ¥50 → 50
    ];
    const e = computeEarn(r, null, 5_000, lines);
    expect(e.total).toBe(92 + 30 + 30);
    expect(e.perLine).toEqual([60, 42, 50]);
    const f = facts<EarnFacts>({ ...e.facts, ruleVersion: 1 });
    expect(formatExplanation(f, { locale: 'en', currency: 'CNY', minorUnits: 2 })).toBe(
      '¥92.00 × 1 pt/¥1 = 92, SKU LATTE 2 × 15 +30, coffee 3 × 10 +30 → 152 pts',
    );
    expect(formatExplanation(f, { locale: 'zh-CN', currency: 'CNY', minorUnits: 2 })).toBe(
      '¥92.00 × 1 积分/¥1 = 92，货号 LATTE 2 × 15 +30，coffee 3 × 10 +30 → 152 积分',
    );
  });

  it('include-only categories: other lines earn nothing unless their SKU has a multiplier', () => {
    const r: RuleSet = {
      ...DEFAULT_RULES,
      earnOnlyCategories: ['coffee'],
      skuMultipliers: [{ sku: 'GIFT', multiplierPercent: 100 }],
    };
    const lines = [
      { sku: null, category: 'coffee', amountMinor: minor(1000) }, // 10
      { sku: null, category: 'tobacco', amountMinor: minor(2000) }, // 0
      { sku: 'GIFT', category: null, amountMinor: minor(500) }, // 5: its SKU rule wins
      { sku: null, category: null, amountMinor: minor(700) }, // 0
    ];
    const e = computeEarn(r, null, 5_000, lines);
    expect(e.perLine).toEqual([10, 0, 5, 0]);
    const f = facts<EarnFacts>({ ...e.facts, ruleVersion: 1 });
    expect(formatExplanation(f, { locale: 'en', currency: 'CNY', minorUnits: 2 })).toBe(
      '(¥15.00 + ¥20.00 tobacco (not earning) ×0 + ¥7.00 — (not earning) ×0) × 1 pt/¥1 = 15 pts',
    );
    expect(formatExplanation(f, { locale: 'zh-CN', currency: 'CNY', minorUnits: 2 })).toBe(
      '(¥15.00 + ¥20.00 tobacco（不计积分） ×0 + ¥7.00 —（不计积分） ×0) × 1 积分/¥1 = 15 积分',
    );
  });
});

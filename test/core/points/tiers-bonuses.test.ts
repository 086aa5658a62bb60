import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { DAY, DEFAULT_RULES, explainEn, ledgerSum, makePointsCore, op, registerMember, travel } from './points-helpers';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import { ruleSetSchema, type RuleSet, type Tier } from '../../../src/shared/contract/points';
import { facts, type EarnFacts } from '../../../src/shared/explain/facts';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';
import { minor } from '../../../src/shared/units';

/**
 * Issue 11 items 5 (tiers), 6 (programme bonuses) and 3 (several spend rules, labels,
 * 3-decimal multipliers), with the worked numbers of the points README.
 */
const TIERED: RuleSet = {
  ...DEFAULT_RULES,
  tierWindowMonths: 1,
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
  ],
};

async function buy(core: Awaited<ReturnType<typeof makePointsCore>>, totalMinor: number, receiptNo: string) {
  return core.core.ok(
    'points:award',
    { opId: op(), memberId: core.member, receiptNo, totalMinor },
    core.tokens.cashier,
  );
}

describe('tiers (item 5)', () => {
  it('a purchase counts towards its own tier only when the setting says so', async () => {
    const off = await makePointsCore({ rules: TIERED });
    expect((await buy(off, 100_000, 'R-1')).tierName).toBe('Silver'); // 1,000 pts
    const on = await makePointsCore({ rules: { ...TIERED, tierCountsPurchase: true } });
    const r = await buy(on, 100_000, 'R-1');
    expect(r.tierName).toBe('Gold');
    expect(r.pointsEarned).toBe(1500);
  });

  it('lifetime keeps what a rolling window forgets', async () => {
    for (const [basis, tier] of [
      ['rolling', 'Silver'],
      ['lifetime', 'Gold'],
    ] as const) {
      const c = await makePointsCore({ rules: { ...TIERED, tierBasis: basis } });
      await buy(c, 100_000, 'R-1');
      await travel(c.core, c.tokens, 40 * DAY);
      expect((await buy(c, 1000, 'R-2')).tierName, basis).toBe(tier);
    }
  });

  it('downgrade: immediate, after grace months, or at the end of the year', async () => {
    // ¥1,000 on 25 Nov 2026, a 1-month window: the spend falls to 0 on 26 Dec.
    const cases: [RuleSet['tierDowngrade'], number, string][] = [
      [{ kind: 'immediate' }, 35, 'Silver'],
      [{ kind: 'grace', graceMonths: 3 }, 35, 'Gold'], // qualified until 25 Dec, kept 3 months on
      [{ kind: 'grace', graceMonths: 3 }, 125, 'Silver'], // 30 Mar 2027: past 25 Dec + 3 months
      [{ kind: 'periodEnd' }, 20, 'Gold'], // 15 Dec 2026, still this year (and in the window)
      [{ kind: 'periodEnd' }, 33, 'Gold'], // 28 Dec: below the threshold, kept until 31 Dec
      [{ kind: 'periodEnd' }, 45, 'Silver'], // 9 Jan 2027: a new year
    ];
    for (const [downgrade, days, tier] of cases) {
      const c = await makePointsCore({ rules: { ...TIERED, tierDowngrade: downgrade } });
      await buy(c, 100_000, 'R-1');
      await travel(c.core, c.tokens, days * DAY);
      const summary = await c.core.ok('points:memberSummary', { memberId: c.member }, c.tokens.cashier);
      expect(summary.tier?.name, `${downgrade!.kind} +${days}d`).toBe(tier);
      expect((await buy(c, 1000, 'R-2')).tierName, `${downgrade!.kind} +${days}d award`).toBe(tier);
    }
  });

  it('the member view says how much more the next tier needs', async () => {
    const c = await makePointsCore({ rules: TIERED });
    await buy(c, 25_000, 'R-1');
    const s = await c.core.ok('points:memberSummary', { memberId: c.member }, c.tokens.cashier);
    expect(s.tier?.name).toBe('Silver');
    expect(s.nextTier).toEqual({ name: 'Gold', thresholdMinor: 100_000, remainingMinor: 75_000 });
  });

  it('a refund takes back the tier it bought, also while a downgrade is held off', async () => {
    const c = await makePointsCore({ rules: { ...TIERED, tierDowngrade: { kind: 'grace', graceMonths: 3 } } });
    await buy(c, 100_000, 'R-1');
    await c.core.ok('points:refund', { opId: op(), receiptNo: 'R-1' }, c.tokens.manager);
    const s = await c.core.ok('points:memberSummary', { memberId: c.member }, c.tokens.cashier);
    expect(s.tier?.name).toBe('Silver');
  });
});

describe('3-decimal multipliers, labels, several spend rules (item 3)', () => {
  const earn = (r: RuleSet, tier: Tier | null, lines: Parameters<typeof computeEarn>[3]) => {
    const e = computeEarn(ruleSetSchema.parse(r), tier, 5000, lines);
    const f = facts<EarnFacts>({ ...e.facts, ruleVersion: 1 });
    return {
      total: e.total,
      perLine: e.perLine,
      en: formatExplanation(f, { locale: 'en', currency: 'CNY', minorUnits: 2 }),
      zh: formatExplanation(f, { locale: 'zh-CN', currency: 'CNY', minorUnits: 2 }),
    };
  };
  const line = (amount: number, category: string | null = null, tags?: string[]) => ({
    sku: null,
    category,
    amountMinor: minor(amount),
    ...(tags ? { tags } : {}),
  });

  it('×1.125 is exact: ¥100 → 112.5 → 112, ¥8 → 9', () => {
    const gold: Tier = { name: 'Gold', thresholdMinor: 0, multiplierPercent: 112.5 };
    const r = earn(DEFAULT_RULES, gold, [line(10_000)]);
    expect(r.total).toBe(112);
    expect(r.en).toBe('¥100.00 × 1 pt/¥1 = 100, Gold ×1.125 = 112.5 → 112 pts (rounded down)');
    expect(r.zh).toBe('¥100.00 × 1 积分/¥1 = 100，Gold ×1.125 = 112.5 → 112 积分（向下取整）');
    expect(earn(DEFAULT_RULES, gold, [line(800)]).total).toBe(9);
    expect(
      earn({ ...DEFAULT_RULES, rounding: 'up' }, { ...gold, multiplierPercent: 100.1 }, [line(100_000)]).total,
    ).toBe(1001);
  });

  it('accepts 3 decimals up to ×10 and whole percents up to ×100, nothing else', () => {
    const withTier = (p: number) =>
      ruleSetSchema.safeParse({ ...DEFAULT_RULES, tiers: [{ name: 'G', thresholdMinor: 0, multiplierPercent: p }] })
        .success;
    expect([112.5, 100.1, 999.9, 1000, 10_000, 0].map(withTier)).toEqual([true, true, true, true, true, true]);
    expect([112.55, 1000.5, 10_001, -0.1, Number.NaN, Infinity].map(withTier)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('labels: the highest multiplier of the category and tags, a ×0 on any excludes', () => {
    const r: RuleSet = {
      ...DEFAULT_RULES,
      categoryMultipliers: [
        { category: 'tea', multiplierPercent: 200 },
        { category: 'organic', multiplierPercent: 150 },
        { category: 'tobacco', multiplierPercent: 0 },
      ],
    };
    const x = earn(r, null, [
      line(1000, 'tea', ['organic']),
      line(1000, 'snack', ['organic']),
      line(1000, 'tea', ['tobacco']),
    ]);
    expect(x.perLine).toEqual([20, 15, 0]);
    expect(x.total).toBe(35);
    // Include-only by a tag; a promotion aimed at a tag.
    const only = earn({ ...DEFAULT_RULES, earnOnlyCategories: ['organic'] }, null, [
      line(1000, 'snack', ['organic']),
      line(1000, 'snack'),
    ]);
    expect(only.perLine).toEqual([10, 0]);
  });

  it('spend rules in order, each with its minimum; stop after ends the list', () => {
    const r: RuleSet = {
      ...DEFAULT_RULES,
      spendRules: [
        { name: 'Base', points: 1, perMinor: 100, minSpendMinor: 0 },
        { name: 'Big basket', points: 1, perMinor: 200, minSpendMinor: 20_000, stopAfter: true },
        { name: 'Never', points: 5, perMinor: 100, minSpendMinor: 30_000 },
      ],
    };
    expect(earn(r, null, [line(15_000)]).total).toBe(150);
    const big = earn(r, null, [line(30_000)]);
    expect(big.total).toBe(450);
    expect(big.en).toBe('¥300.00 × 3 pts/¥2 = 450 pts · spend rules Base + Big basket (stop)');
    expect(big.zh).toBe('¥300.00 × 3 积分/¥2 = 450 积分 · 消费规则 Base + Big basket（到此为止）');
    const none = earn({ ...r, spendRules: [{ name: 'Min', points: 1, perMinor: 100, minSpendMinor: 5000 }] }, null, [
      line(4999),
    ]);
    expect(none.total).toBe(0);
    expect(none.en).toContain('no spend rule reached');
  });

  it('refuses bad spend rules and tier settings', () => {
    const bad: unknown[] = [
      { spendRules: [] },
      { spendRules: [{ name: 'x', points: -1, perMinor: 100, minSpendMinor: 0 }] },
      { spendRules: [{ name: 'x', points: 1.5, perMinor: 100, minSpendMinor: 0 }] },
      { spendRules: [{ name: 'x', points: 1, perMinor: 100, minSpendMinor: 0.5 }] },
      { spendRules: [{ name: 'x', points: 1, perMinor: 100, minSpendMinor: 0, extra: 1 }] },
      { spendRules: [{ name: 'a\u0000b', points: 1, perMinor: 100, minSpendMinor: 0 }] },
      { spendRules: [{ name: 'x'.repeat(61), points: 1, perMinor: 100, minSpendMinor: 0 }] },
      // lcm(99,999,989; 99,999,971) passes 10^8
      {
        spendRules: [
          { name: 'a', points: 1, perMinor: 99_999_989, minSpendMinor: 0 },
          { name: 'b', points: 1, perMinor: 99_999_971, minSpendMinor: 0 },
        ],
      },
      { tierDowngrade: { kind: 'grace' } },
      { tierDowngrade: { kind: 'immediate', graceMonths: 2 } },
      { tierDowngrade: { kind: 'grace', graceMonths: 25 } },
      { tierBasis: 'forever' },
      { tierWindowMonths: 121 },
      { tierCountsPurchase: 'yes' },
      { welcomePoints: 0 },
      { welcomePoints: 1e12 },
      { birthdayBonus: { points: 10, window: 'week' } },
      { referralBonus: { referrerPoints: 10 } },
      { referralBonus: { referrerPoints: 10, referredPoints: Number.NaN } },
    ];
    for (const b of bad)
      expect(ruleSetSchema.safeParse({ ...DEFAULT_RULES, ...(b as object) }).success, JSON.stringify(b)).toBe(false);
  });
});

describe('programme bonuses (item 6)', () => {
  it('welcome points at registration, once even when the registration is retried', async () => {
    const { core, tokens } = await makePointsCore({ rules: { ...DEFAULT_RULES, welcomePoints: 50 } });
    const input = { name: 'Li Lei', email: 'li@example.com', opId: op() };
    const m = await core.ok('members:register', input, tokens.cashier);
    await core.ok('members:register', input, tokens.cashier); // a retry replays the first
    expect(ledgerSum(core, m.id)).toBe(50);
    const history = await core.ok('points:history', { memberId: m.id }, tokens.cashier);
    expect(history.map((e) => explainEn(e.facts))).toEqual(['Welcome bonus +50 pts']);
  });

  it('a birthday bonus once a year, at the first purchase in the month', async () => {
    const { core, tokens } = await makePointsCore({
      rules: { ...DEFAULT_RULES, birthdayBonus: { points: 100, window: 'month' } },
    });
    // The clock starts on 25 Nov 2026.
    const m = await core.ok(
      'members:register',
      { name: 'Han Mei', email: 'han@example.com', birthday: '1990-11-02' },
      tokens.cashier,
    );
    const award = (receiptNo: string) =>
      core.ok('points:award', { opId: op(), memberId: m.id, receiptNo, totalMinor: 1000 }, tokens.cashier);
    expect((await award('R-1')).balance).toBe(110);
    expect((await award('R-2')).balance).toBe(120); // not twice in a year
    await travel(core, tokens, 30 * DAY); // December
    expect((await award('R-3')).balance).toBe(130);
    await travel(core, tokens, 335 * DAY); // November 2027
    expect((await award('R-4')).balance).toBe(240);
    const entries = await core.ok('points:history', { memberId: m.id }, tokens.cashier);
    expect(entries.map((e) => explainEn(e.facts, { receipt: false })).filter((t) => t.startsWith('Birthday'))).toEqual([
      'Birthday bonus 2027 +100 pts',
      'Birthday bonus 2026 +100 pts',
    ]);
  });

  it('on the day only, for the day window', async () => {
    const { core, tokens } = await makePointsCore({
      rules: { ...DEFAULT_RULES, birthdayBonus: { points: 100, window: 'day' } },
    });
    const m = await core.ok(
      'members:register',
      { name: 'Han Mei', email: 'han2@example.com', birthday: '1990-11-26' },
      tokens.cashier,
    );
    const award = (receiptNo: string) =>
      core.ok('points:award', { opId: op(), memberId: m.id, receiptNo, totalMinor: 1000 }, tokens.cashier);
    expect((await award('R-1')).balance).toBe(10); // the 25th
    await travel(core, tokens, DAY);
    expect((await award('R-2')).balance).toBe(120); // the 26th
  });

  it('referral: both members at the referred member’s first qualifying purchase, once', async () => {
    const c = await makePointsCore({
      rules: {
        ...DEFAULT_RULES,
        referralBonus: { referrerPoints: 200, referredPoints: 100, minSpendMinor: 5000 },
      },
    });
    const referrer = await c.core.ok('members:get', { memberId: c.member }, c.tokens.cashier);
    const bad = await c.core.call(
      'members:register',
      { name: 'Nobody', email: 'n@example.com', referrerCard: '0000000000' },
      c.tokens.cashier,
    );
    expectError(bad, 'VALIDATION', { reason: 'referrerNotFound' });
    const b = await c.core.ok(
      'members:register',
      { name: 'Friend', email: 'f@example.com', referrerCard: referrer.cardNumber },
      c.tokens.cashier,
    );
    const award = (receiptNo: string, totalMinor: number, opId = op()) =>
      c.core.ok('points:award', { opId, memberId: b.id, receiptNo, totalMinor }, c.tokens.cashier);
    expect((await award('R-1', 4999)).balance).toBe(49); // below the referral's minimum
    expect(ledgerSum(c.core, c.member)).toBe(0);
    const retried = op();
    expect((await award('R-2', 5000, retried)).balance).toBe(49 + 50 + 100);
    await award('R-2', 5000, retried); // the same operation again: replayed, nothing written
    expect((await award('R-3', 9000)).balance).toBe(199 + 90);
    expect(ledgerSum(c.core, c.member)).toBe(200);
    expect(ledgerSum(c.core, b.id)).toBe(289);
    // The database refuses a second bonus with the same key even if the code looked away.
    expect(() =>
      c.core.db
        .prepare(
          `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, ref_id, facts, created_at)
           SELECT 'x', member_id, kind, points, balance_after, op_id, terminal_id, ref_id, facts, created_at
             FROM points_ledger WHERE ref_id = 'bonus:referred'`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('referral: a deactivated or erased referrer gets nothing; the friend still gets theirs', async () => {
    for (const how of ['deactivate', 'erase'] as const) {
      const c = await makePointsCore({
        rules: { ...DEFAULT_RULES, referralBonus: { referrerPoints: 200, referredPoints: 100 } },
      });
      const referrer = await c.core.ok('members:get', { memberId: c.member }, c.tokens.cashier);
      const b = await c.core.ok(
        'members:register',
        { name: 'Friend', email: `f-${how}@example.com`, referrerCard: referrer.cardNumber },
        c.tokens.cashier,
      );
      if (how === 'deactivate') await c.core.ok('members:deactivate', { memberId: c.member }, c.tokens.cashier);
      else await c.core.ok('members:erase', { memberId: c.member, reason: 'memberRequest' }, c.tokens.manager);
      const r = await c.core.ok(
        'points:award',
        { opId: op(), memberId: b.id, receiptNo: `R-${how}`, totalMinor: 5000 },
        c.tokens.cashier,
      );
      expect(r.balance, how).toBe(50 + 100);
      expect(ledgerSum(c.core, c.member), how).toBe(0);
      expect(
        c.core.db.prepare("SELECT count(*) AS n FROM points_ledger WHERE ref_id LIKE 'bonus:referrer:%'").get(),
        how,
      ).toEqual({ n: 0 });
      if (how === 'deactivate') {
        // Reactivated later: the referral was done, nothing is paid afterwards.
        await c.core.ok('members:reactivate', { memberId: c.member }, c.tokens.manager);
        await c.core.ok(
          'points:award',
          { opId: op(), memberId: b.id, receiptNo: 'R-again', totalMinor: 5000 },
          c.tokens.cashier,
        );
        expect(ledgerSum(c.core, c.member)).toBe(0);
      }
    }
  });

  it('refuses a bad referrer card', async () => {
    const { core, tokens } = await makePointsCore();
    for (const referrerCard of ['', 'x'.repeat(41), 'a\u0007b', "1' OR '1'='1", 42 as unknown as string]) {
      const r = await core.call(
        'members:register',
        { name: 'X', email: 'x@example.com', referrerCard },
        tokens.cashier,
      );
      expect(r.ok, JSON.stringify(referrerCard)).toBe(false);
    }
    void registerMember;
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';
import { ruleSetSchema } from '../../src/shared/contract/points';
import { leaves, readCatalogue } from '../helpers/locales';
import { buildRules, draftFromRules, type RulesDraft } from '../../src/renderer/src/features/points/rules-form';
import { emptyLine, parseLines } from '../../src/renderer/src/features/points/line-items';

const RICH: RuleSet = {
  ...DEFAULT_RULES,
  earnRate: { points: 3, perMinor: 250 },
  rounding: 'nearest',
  minSpendMinor: 1000,
  redeemValue: { minor: 5, perPoints: 4 },
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 40,
  expiryMonths: 12,
  redeemRequiresPin: true,
  refundPolicy: 'capAtZero',
  tierWindowMonths: 6,
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 125 },
    { name: 'Gold', thresholdMinor: 500_00, multiplierPercent: 150 },
  ],
  categoryMultipliers: [{ category: 'coffee', multiplierPercent: 200 }],
  skuMultipliers: [{ sku: 'GIFT-CARD', multiplierPercent: 0 }],
  promotions: [
    {
      name: 'Weekend double',
      kind: 'multiplier',
      multiplierPercent: 200,
      startsAt: new Date(2026, 0, 1).getTime(),
      endsAt: new Date(2026, 1, 1).getTime(),
      weekdays: [0, 6],
    },
    {
      name: 'Coffee bonus',
      kind: 'bonus',
      bonusPoints: 50,
      category: 'coffee',
      startsAt: new Date(2026, 2, 1).getTime(),
      endsAt: new Date(2026, 2, 8).getTime(),
    },
  ],
};

/** Every field migration 010 added (issue 11 items 1, 8–11). */
const RULES_010: RuleSet = {
  ...RICH,
  expiryMonths: 0,
  expiry: { kind: 'days', count: 45 },
  endsAt: new Date(2027, 0, 1).getTime(),
  roundingStep: 'step',
  promotionPolicy: 'latest',
  minBalanceToSpend: 500,
  visitPoints: 5,
  countedMaxMinor: 100_000,
  earnOnlyCategories: ['coffee', 'tea'],
  unitPoints: [
    { sku: 'LATTE', points: 15 },
    { category: 'coffee', points: 10 },
  ],
  promotions: [
    ...RICH.promotions,
    {
      name: 'Tea SKU',
      kind: 'bonus',
      bonusPoints: 20,
      sku: 'TEA-1',
      startsAt: new Date(2026, 3, 1).getTime(),
      endsAt: new Date(2026, 3, 2).getTime(),
    },
  ],
};

describe('rules form: what the manager types ↔ the exact RuleSet', () => {
  it.each([
    ['the defaults', DEFAULT_RULES],
    ['tiers, multipliers, promotions', RICH],
    ['dated expiry, window, step rounding, promotion policy, minimum balance', RULES_010],
    ['months expiry', { ...DEFAULT_RULES, expiryMonths: 6, expiry: { kind: 'months' as const, count: 6 } }],
    ['end-of-year expiry', { ...DEFAULT_RULES, expiry: { kind: 'endOfYear' as const } }],
  ])('round-trips %s exactly, and the result passes the contract schema', (_name, rules) => {
    const built = buildRules(draftFromRules(rules, 2), 2);
    expect(built).toEqual({ ok: true, rules });
    expect(ruleSetSchema.safeParse(built.ok && built.rules).success).toBe(true);
  });

  it('reads "1.00" and "1.5" exactly (no float scaling)', () => {
    const d: RulesDraft = { ...draftFromRules(DEFAULT_RULES, 2), earnPer: '0.29', redeemValue: '1.15' };
    d.tiers = [{ key: 1, name: 'Gold', threshold: '0', multiplier: '1.15' }];
    const built = buildRules(d, 2);
    expect(built.ok && built.rules.earnRate.perMinor).toBe(29);
    expect(built.ok && built.rules.redeemValue.minor).toBe(115);
    expect(built.ok && built.rules.tiers[0].multiplierPercent).toBe(115);
  });

  it('names every problem against the RuleSet path it is about, and builds nothing', () => {
    const d: RulesDraft = {
      ...draftFromRules(RICH, 2),
      earnPoints: '1.5',
      earnPer: '0',
      minSpend: '1.001',
      payMaxPercent: '101',
      tierWindowMonths: '0',
    };
    d.tiers = [
      { key: 1, name: 'Gold', threshold: '100.00', multiplier: '1.5' },
      { key: 2, name: '', threshold: '50.00', multiplier: 'lots' },
    ];
    d.promotions = [{ ...d.promotions[0], starts: '2026-03-10', ends: '2026-03-01' }];
    const built = buildRules(d, 2);
    expect(built.ok).toBe(false);
    // Reading problems (not a number, too many decimals) are the form's; ranges, an
    // empty name and a promotion ending before it starts are ruleSetSchema's. The check
    // over all tiers waits until every tier's values can be read.
    expect(!built.ok && built.problems).toEqual({
      'earnRate.points': 'whole',
      'earnRate.perMinor': 'tooSmall',
      minSpendMinor: 'tooPrecise',
      payWithPointsMaxPercent: 'tooLarge',
      tierWindowMonths: 'tooSmall',
      'tiers.1.name': 'required',
      'tiers.1.multiplierPercent': 'multiplier',
      'promotions.0.endsAt': 'endBeforeStart',
    });
  });

  it('places the contract’s checks over a whole list on that list', () => {
    const d = draftFromRules(RICH, 2);
    d.tiers = [
      { key: 1, name: 'Gold', threshold: '100.00', multiplier: '1.5' },
      { key: 2, name: 'Silver', threshold: '50.00', multiplier: '1.2' },
    ];
    d.categories = [...d.categories, { key: 9, label: 'coffee', multiplier: '3' }];
    d.skus = [{ key: 10, label: 'GIFT-CARD', multiplier: '101' }];
    d.earnPoints = '10001';
    const built = buildRules(d, 2);
    expect(!built.ok && built.problems).toEqual({
      'earnRate.points': 'tooLarge',
      tiers: 'tiers',
      categoryMultipliers: 'unique',
      'skuMultipliers.0.multiplierPercent': 'multiplier',
    });
  });

  it('every problem code has a text in both languages, and every text is a code the form returns', () => {
    const codes = ['whole', 'money', 'tooPrecise', 'tooLarge', 'tooSmall', 'multiplier', 'required', 'tooLong'];
    const more = ['invalid', 'date', 'endBeforeStart', 'endBeforeEffective', 'future', 'tiers', 'unique'];
    for (const lng of ['en', 'zh-CN']) {
      const texts = leaves(readCatalogue(lng, 'points')).filter(([key]) => key.startsWith('rules.problems.'));
      expect(texts.map(([key]) => key.slice('rules.problems.'.length)).sort(), lng).toEqual([...codes, ...more].sort());
    }
  });

  it('a promotion runs through its last day (the stored end is the next local midnight)', () => {
    const d = draftFromRules(DEFAULT_RULES, 2);
    d.promotions = [
      {
        key: 1,
        name: 'March',
        kind: 'bonus',
        value: '10',
        category: '',
        sku: '',
        starts: '2026-03-01',
        ends: '2026-03-31',
        weekdays: [],
      },
    ];
    const built = buildRules(d, 2);
    expect(built.ok && built.rules.promotions[0].startsAt).toBe(new Date(2026, 2, 1).getTime());
    expect(built.ok && built.rules.promotions[0].endsAt).toBe(new Date(2026, 3, 1).getTime());
  });
});

describe('line items', () => {
  it('totals quantity × unit price exactly and skips blank rows', () => {
    const lines = [
      { ...emptyLine(), sku: 'A', quantity: '3', unitPrice: '0.10' },
      emptyLine(),
      { ...emptyLine(), category: 'coffee', quantity: '10000', unitPrice: '99999999.99' },
    ];
    expect(parseLines(lines, 2)).toEqual({
      ok: true,
      lines: [
        { sku: 'A', quantity: 3, unitPriceMinor: 10 },
        { category: 'coffee', quantity: 10000, unitPriceMinor: 9_999_999_999 },
      ],
      totalMinor: 30 + 99_999_999_990_000,
    });
  });
  it('refuses a row with a bad quantity or price, naming it', () => {
    expect(parseLines([{ ...emptyLine(), sku: 'A', quantity: '0', unitPrice: '1' }], 2)).toEqual({
      ok: false,
      badLine: 1,
    });
    expect(
      parseLines(
        [
          { ...emptyLine(), sku: 'A', unitPrice: '1' },
          { ...emptyLine(), sku: 'B', unitPrice: '1.234' },
        ],
        2,
      ),
    ).toEqual({ ok: false, badLine: 2 });
    expect(parseLines([emptyLine()], 2)).toEqual({ ok: false, badLine: 1 });
  });

  it('keeps an untouched pre-010 expiry exactly; a changed one becomes a dated policy', () => {
    const legacy = { ...DEFAULT_RULES, expiryMonths: 12 };
    const d = draftFromRules(legacy, 2);
    expect(d).toMatchObject({ expiryKind: 'months', expiryCount: '12', legacyExpiry: true });
    expect(buildRules(d, 2)).toEqual({ ok: true, rules: legacy });
    const changed = buildRules({ ...d, expiryKind: 'endOfMonth', legacyExpiry: false }, 2);
    expect(changed.ok && changed.rules).toMatchObject({ expiryMonths: 0, expiry: { kind: 'endOfMonth' } });
    const tooMany = buildRules({ ...d, expiryCount: '121', legacyExpiry: false }, 2);
    expect(tooMany).toEqual({ ok: false, problems: { 'expiry.count': 'tooLarge' } });
  });

  it('the programme runs through its last day (endsAt is the next local midnight)', () => {
    const built = buildRules({ ...draftFromRules(DEFAULT_RULES, 2), programmeEnds: '2026-12-31' }, 2);
    expect(built.ok && built.rules.endsAt).toBe(new Date(2027, 0, 1).getTime());
  });
});

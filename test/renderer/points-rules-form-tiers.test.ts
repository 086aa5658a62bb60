import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';
import { buildRules, draftFromRules } from '../../src/renderer/src/features/points/rules-form';

/** Every rule field migration 015 added (issue 11 items 3, 5, 6). */
const RULES_015: RuleSet = {
  ...DEFAULT_RULES,
  tierBasis: 'lifetime',
  tierCountsPurchase: true,
  tierDowngrade: { kind: 'grace', graceMonths: 3 },
  welcomePoints: 50,
  birthdayBonus: { points: 100, window: 'day' },
  referralBonus: { referrerPoints: 200, referredPoints: 100, minSpendMinor: 5000 },
  spendRules: [
    { name: 'Base', points: 1, perMinor: 100, minSpendMinor: 0 },
    { name: 'Big basket', points: 1, perMinor: 200, minSpendMinor: 20_000, stopAfter: true },
  ],
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 112.5 },
  ],
};

describe('rules editor draft: migration 015 fields', () => {
  it('round-trips every 015 field, and leaves a rule set without them without them', () => {
    expect(buildRules(draftFromRules(RULES_015, 2), 2)).toEqual({ ok: true, rules: RULES_015 });
    expect(buildRules(draftFromRules(DEFAULT_RULES, 2), 2)).toEqual({ ok: true, rules: DEFAULT_RULES });
  });

  it('reads ×1.125 as 112.5 %, and shows it back as 1.125', () => {
    const d = draftFromRules(RULES_015, 2);
    expect(d.tiers[1].multiplier).toBe('1.125');
    const built = buildRules({ ...d, tiers: d.tiers.map((t) => ({ ...t, multiplier: '×1.5' })) }, 2);
    expect(built.ok && built.rules.tiers.map((t) => t.multiplierPercent)).toEqual([150, 150]);
  });

  it('puts each problem on its field', () => {
    const d = draftFromRules(RULES_015, 2);
    const built = buildRules(
      {
        ...d,
        tiers: [
          { ...d.tiers[0], multiplier: '1.1255' },
          { ...d.tiers[1], multiplier: '10.125' },
        ],
        graceMonths: '99',
        welcomePoints: '-5',
        spendRules: [{ ...d.spendRules[0], points: '1.5', per: 'abc', min: '0.001' }],
      },
      2,
    );
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problems).toMatchObject({
      'tiers.0.multiplierPercent': 'multiplier',
      'tiers.1.multiplierPercent': 'multiplier',
      'tierDowngrade.graceMonths': 'tooLarge',
      welcomePoints: 'whole',
      'spendRules.0.points': 'whole',
      'spendRules.0.perMinor': 'money',
      'spendRules.0.minSpendMinor': 'tooPrecise',
    });
  });
});

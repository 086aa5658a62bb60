import type { RuleSet } from '../../../../shared/contract/points';
import type { SpendRule, TierBasis, TierDowngradeKind } from '../../../../shared/contract/points-tiers';
import { minorToInput } from './decimal-input';

/**
 * The draft of the rule fields of migration 015 (tier settings, programme bonuses,
 * several spend rules) and how they are read back: kept apart from rules-form.ts, which
 * spreads them into the draft and the candidate RuleSet. Absent fields stay absent, so
 * a rule set saved again without touching them is the same rule set.
 */
export interface SpendRuleDraft {
  key: number;
  name: string;
  points: string;
  per: string;
  min: string;
  stopAfter: boolean;
}

export interface TierBonusDraft {
  tierBasis: TierBasis;
  tierCountsPurchase: boolean;
  tierDowngrade: TierDowngradeKind;
  graceMonths: string;
  /** '' or 0 = none, for each bonus below. */
  welcomePoints: string;
  birthdayPoints: string;
  birthdayWindow: 'day' | 'month';
  referrerPoints: string;
  referredPoints: string;
  referralMin: string;
  spendRules: SpendRuleDraft[];
}

export function tierBonusDraft(r: RuleSet, digits: number, nextKey: () => number): TierBonusDraft {
  return {
    tierBasis: r.tierBasis ?? 'rolling',
    tierCountsPurchase: r.tierCountsPurchase ?? false,
    tierDowngrade: r.tierDowngrade?.kind ?? 'immediate',
    graceMonths: String(r.tierDowngrade?.graceMonths ?? ''),
    welcomePoints: r.welcomePoints !== undefined ? String(r.welcomePoints) : '',
    birthdayPoints: r.birthdayBonus ? String(r.birthdayBonus.points) : '',
    birthdayWindow: r.birthdayBonus?.window ?? 'month',
    referrerPoints: r.referralBonus ? String(r.referralBonus.referrerPoints) : '',
    referredPoints: r.referralBonus ? String(r.referralBonus.referredPoints) : '',
    referralMin:
      r.referralBonus?.minSpendMinor !== undefined ? minorToInput(r.referralBonus.minSpendMinor, digits) : '',
    spendRules: (r.spendRules ?? []).map((s) => ({
      key: nextKey(),
      name: s.name,
      points: String(s.points),
      per: minorToInput(s.perMinor, digits),
      min: minorToInput(s.minSpendMinor, digits),
      stopAfter: s.stopAfter ?? false,
    })),
  };
}

type Reader = (path: string, s: string) => number;

/** The RuleSet fields of the draft; `whole` and `money` record problems at their paths. */
export function tierBonusRules(d: TierBonusDraft, whole: Reader, money: Reader): Partial<RuleSet> {
  const optional = (path: string, s: string) => (s.trim() === '' ? 0 : whole(path, s));
  const welcome = optional('welcomePoints', d.welcomePoints);
  const birthday = optional('birthdayBonus.points', d.birthdayPoints);
  const referrer = optional('referralBonus.referrerPoints', d.referrerPoints);
  const referred = optional('referralBonus.referredPoints', d.referredPoints);
  const referralMin = d.referralMin.trim() === '' ? undefined : money('referralBonus.minSpendMinor', d.referralMin);
  const spendRules: SpendRule[] = d.spendRules.map((s, i) => ({
    name: s.name.trim(),
    points: whole(`spendRules.${i}.points`, s.points),
    perMinor: money(`spendRules.${i}.perMinor`, s.per),
    minSpendMinor: money(`spendRules.${i}.minSpendMinor`, s.min),
    ...(s.stopAfter ? { stopAfter: true } : {}),
  }));
  return {
    ...(d.tierBasis !== 'rolling' ? { tierBasis: d.tierBasis } : {}),
    ...(d.tierCountsPurchase ? { tierCountsPurchase: true } : {}),
    ...(d.tierDowngrade !== 'immediate'
      ? {
          tierDowngrade:
            d.tierDowngrade === 'grace'
              ? { kind: 'grace', graceMonths: whole('tierDowngrade.graceMonths', d.graceMonths) }
              : { kind: d.tierDowngrade },
        }
      : {}),
    ...(welcome > 0 ? { welcomePoints: welcome } : {}),
    ...(birthday > 0 ? { birthdayBonus: { points: birthday, window: d.birthdayWindow } } : {}),
    ...(referrer > 0 || referred > 0
      ? {
          referralBonus: {
            referrerPoints: referrer,
            referredPoints: referred,
            ...(referralMin !== undefined ? { minSpendMinor: referralMin } : {}),
          },
        }
      : {}),
    ...(spendRules.length > 0 ? { spendRules } : {}),
  };
}

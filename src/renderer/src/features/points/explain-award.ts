import type { Namespace, TFunction } from 'i18next';
import type { EarnBreakdown, RuleSet } from '../../../../shared/contract/points';

/**
 * The one-line explanation of an award in the staff member's language, rebuilt from
 * the structured breakdown the core stores with it ("¥105.00 × 1 pt/¥1 = 105, Gold ×1.5
 * → 157"). It needs the earn rate of the rule version that priced the award; when the
 * caller does not have that version, it returns null and the core's English line is shown.
 */
export function explainAward(
  t: TFunction<Namespace>,
  breakdown: EarnBreakdown,
  rules: RuleSet | null,
  money: (minor: number) => string,
  multiplier: (percent: number) => string,
  /** Money without a zero fraction for the rate ("¥1", not "¥1.00"); defaults to `money`. */
  moneyShort: (minor: number) => string = money,
): string | null {
  if (!rules) return null;
  const paid = money(breakdown.paidMinor);
  if (breakdown.belowMinSpend) {
    return t('points:explain.belowMin', { paid, min: money(rules.minSpendMinor) });
  }
  const rate = t('points:explain.rate', { points: rules.earnRate.points, per: moneyShort(rules.earnRate.perMinor) });
  let line = t('points:explain.base', { paid, rate, base: breakdown.basePoints });
  const parts: string[] = [];
  for (const m of breakdown.itemMultipliers) {
    parts.push(
      t('points:explain.item', { label: m.label, mult: multiplier(m.multiplierPercent), amount: money(m.onMinor) }),
    );
  }
  if (breakdown.tier && breakdown.tier.multiplierPercent !== 100) {
    parts.push(
      t('points:explain.tier', { name: breakdown.tier.name, mult: multiplier(breakdown.tier.multiplierPercent) }),
    );
  }
  const bonuses: string[] = [];
  let bonusTotal = 0;
  for (const p of breakdown.promotions) {
    if (p.bonusPoints !== undefined) {
      bonuses.push(t('points:explain.bonus', { name: p.name, bonus: p.bonusPoints }));
      bonusTotal += p.bonusPoints;
    } else if (p.multiplierPercent !== undefined) {
      parts.push(t('points:explain.promo', { name: p.name, mult: multiplier(p.multiplierPercent) }));
    }
  }
  if (parts.length > 0)
    line += t('points:explain.then', {
      parts: parts.join(t('shell:listSeparator')),
      total: breakdown.totalPoints - bonusTotal,
    });
  if (bonuses.length > 0)
    line += t('points:explain.then', { parts: bonuses.join(t('shell:listSeparator')), total: breakdown.totalPoints });
  return line;
}

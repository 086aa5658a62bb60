import type { RuleSet } from '../../../shared/contract/points';
import { combinedRate } from '../../../shared/contract/points-tiers';
import type { EarnFacts } from '../../../shared/explain/facts';
import type { Minor } from '../../../shared/units';

/**
 * Several spend rules (issue 11 item 3), like ERPNext's collection rules and Square's
 * several accrual rules: read in list order; each whose own minimum the paid amount
 * reaches adds its rate; a rule marked "stop after" that applies ends the list. The rates
 * that apply add up to ONE exact rate (Σ points/perMinor over their least common
 * perMinor), so the rest of the engine — multipliers, the one rounding, the explanation's
 * arithmetic — is unchanged.
 *
 *   Base 1 pt/¥1 from ¥0; Big basket 1 pt/¥2 from ¥200 (stop); Never 5 pts/¥1 from ¥300:
 *   ¥150 → 150; ¥300 → 1/1 + 1/2 = 3 pts/¥2 → 450 (Never is not read).
 *
 * Without `spendRules` the rule set's `earnRate` is the rate, as before migration 015.
 */
export function spendRate(
  rules: RuleSet,
  paid: Minor,
): { rate: { points: number; perMinor: number }; applied?: NonNullable<EarnFacts['spendRules']> } {
  if (!rules.spendRules) return { rate: rules.earnRate };
  const applied: NonNullable<EarnFacts['spendRules']> = [];
  for (const r of rules.spendRules) {
    if (paid < r.minSpendMinor) continue;
    applied.push({
      name: r.name,
      points: r.points,
      perMinor: r.perMinor,
      minSpendMinor: r.minSpendMinor,
      ...(r.stopAfter ? { stopAfter: true as const } : {}),
    });
    if (r.stopAfter) break;
  }
  if (applied.length === 0) return { rate: { points: 0, perMinor: rules.spendRules[0].perMinor }, applied };
  const { points, perMinor } = combinedRate(applied);
  // The schema bounds the common perMinor (10^8) and so the points (≤ 10 × 10^4 × 10^8).
  return { rate: { points: Number(points), perMinor: Number(perMinor) }, applied };
}

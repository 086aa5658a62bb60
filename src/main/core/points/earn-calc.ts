import type { RuleSet, Tier } from '../../../shared/contract/points';
import type { EarnFacts, EarnPart } from '../../../shared/explain/facts';
import { allocate, roundParts } from './exact-math';
import { add, points, sum, sumBy, unchecked, ZERO_POINTS, type Minor, type Points } from '../../../shared/units';

/**
 * Points for a purchase, as a pure function of the rules, the member's tier, the time
 * and the lines (amounts already net of any points discount). One exact rational per
 * line, rounded ONCE for the whole purchase by the rule set's rounding mode, then split
 * back onto the lines (largest remainder) so a refund can take back exactly what each
 * line earned:
 *
 *   line points = amount × (a.points / a.perMinor) × item% × tier% × promo%
 *
 * item% is the SKU multiplier, else the category's, else 100. promo% is the best active
 * multiplier promotion for that line (promotions do not stack). Bonus promotions add
 * flat points once per qualifying purchase, spread over the qualifying lines by amount.
 * Below the minimum spend nothing is earned, bonuses included.
 *
 * It also returns the facts the explanation is rendered from (src/shared/explain): the
 * lines grouped into parts that earned alike, with the amounts each multiplier applied
 * to, so the printed arithmetic multiplies out to exactly this total.
 */

export interface EarnLine {
  sku: string | null;
  category: string | null;
  /** What the customer paid for the line, minor units. */
  amountMinor: Minor;
}

export interface Currency {
  code: string;
  digits: number;
}

/** Everything about the award but where it was recorded (rule version, receipt, payment). */
export type EarnCalcFacts = Omit<EarnFacts, 'schemaVersion' | 'ruleVersion' | 'receiptNo' | 'payment'>;

export interface EarnResult {
  total: Points;
  perLine: Points[];
  facts: EarnCalcFacts;
}

const PERCENT_CUBED = 1_000_000n; // item% × tier% × promo% share one denominator

export function tierFor(rules: RuleSet, rollingSpendMinor: Minor): Tier | null {
  let found: Tier | null = null;
  for (const t of rules.tiers) if (rollingSpendMinor >= t.thresholdMinor) found = t;
  return found;
}

/** Local weekday: a store's "weekend" is the terminal's weekend. */
function isPromotionActive(p: RuleSet['promotions'][number], at: number): boolean {
  if (at < p.startsAt || at >= p.endsAt) return false;
  return !p.weekdays || p.weekdays.includes(new Date(at).getDay());
}

function itemMultiplier(rules: RuleSet, line: EarnLine): { percent: number; item: EarnPart['item'] } {
  if (line.sku !== null) {
    const s = rules.skuMultipliers.find((m) => m.sku === line.sku);
    if (s) return { percent: s.multiplierPercent, item: { by: 'sku', code: s.sku, percent: s.multiplierPercent } };
  }
  if (line.category !== null) {
    const c = rules.categoryMultipliers.find((m) => m.category === line.category);
    if (c) {
      return { percent: c.multiplierPercent, item: { by: 'category', code: c.category, percent: c.multiplierPercent } };
    }
  }
  return { percent: 100, item: undefined };
}

/**
 * Lines that earned alike (same item multiplier, same winning promotion) as one part,
 * in the order they first appear. A ×1 item multiplier changes nothing and is left out.
 */
function partsOf(
  lines: readonly EarnLine[],
  items: readonly { item: EarnPart['item'] }[],
  promos: readonly EarnPart['promotion'][],
): EarnPart[] {
  const parts = new Map<string, EarnPart>();
  lines.forEach((l, i) => {
    const item = items[i].item && items[i].item.percent !== 100 ? items[i].item : undefined;
    const promotion = promos[i];
    const key = JSON.stringify([item ?? null, promotion ?? null]);
    const part = parts.get(key);
    if (part) part.onMinor += l.amountMinor;
    else parts.set(key, { onMinor: l.amountMinor, ...(item ? { item } : {}), ...(promotion ? { promotion } : {}) });
  });
  return [...parts.values()];
}

export function computeEarn(rules: RuleSet, tier: Tier | null, at: number, lines: readonly EarnLine[]): EarnResult {
  const paid = sumBy(lines, (l) => l.amountMinor);
  const { points: aPts, perMinor } = rules.earnRate;
  const active = rules.promotions.filter((p) => isPromotionActive(p, at));
  const items = lines.map((l) => itemMultiplier(rules, l));
  const promos = lines.map((l): EarnPart['promotion'] => {
    let best: EarnPart['promotion'];
    for (const p of active) {
      if (p.kind !== 'multiplier' || p.multiplierPercent === undefined) continue;
      if (p.category !== undefined && p.category !== l.category) continue;
      if (p.multiplierPercent > (best?.percent ?? 100)) best = { name: p.name, percent: p.multiplierPercent };
    }
    return best;
  });
  const facts: EarnCalcFacts = {
    kind: 'earn',
    rate: { points: aPts, perMinor },
    minSpendMinor: rules.minSpendMinor,
    rounding: { mode: rules.rounding, appliedTo: 'purchase' },
    paidMinor: paid,
    parts: partsOf(lines, items, promos),
    ...(tier ? { tier: { name: tier.name, percent: tier.multiplierPercent } } : {}),
    points: 0,
  };
  if (paid < rules.minSpendMinor || paid === 0)
    return { total: ZERO_POINTS, perLine: lines.map(() => ZERO_POINTS), facts };

  const tierPct = BigInt(tier?.multiplierPercent ?? 100);
  const numerators = lines.map(
    (l, i) =>
      BigInt(l.amountMinor) * BigInt(aPts) * BigInt(items[i].percent) * tierPct * BigInt(promos[i]?.percent ?? 100),
  );
  // Money × rate → points: unchecked, the award is refused above MAX_AWARD_POINTS after.
  const perLine = roundParts(numerators, BigInt(perMinor) * PERCENT_CUBED, rules.rounding).map(unchecked.points);

  const bonuses: { name: string; points: number }[] = [];
  for (const p of active) {
    if (p.kind !== 'bonus' || p.bonusPoints === undefined) continue;
    // Lines excluded from earning (item ×0) take no share of a bonus either.
    const qualifying = lines
      .map((l, i) => ({ l, i }))
      .filter(({ l, i }) => items[i].percent > 0 && (p.category === undefined || l.category === p.category));
    if (qualifying.length === 0) continue;
    const shares = allocate(
      points(p.bonusPoints),
      qualifying.map(({ l }) => l.amountMinor),
    );
    qualifying.forEach(({ i }, k) => (perLine[i] = add(perLine[i], shares[k])));
    bonuses.push({ name: p.name, points: p.bonusPoints });
  }
  const total = sum(perLine);
  if (bonuses.length > 0) facts.bonuses = bonuses;
  facts.points = total;
  return { total, perLine, facts };
}

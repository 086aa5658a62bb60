import type { EarnBreakdown, RuleSet, Tier } from '../../../shared/contract/points';
import { allocate, divRound, roundParts } from './exact-math';
import { formatMoney, formatMultiplier, pts } from './money-format';

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
 */

export interface EarnLine {
  sku: string | null;
  category: string | null;
  /** What the customer paid for the line, minor units. */
  amountMinor: number;
}

export interface Currency {
  code: string;
  digits: number;
}

export interface EarnResult {
  total: number;
  perLine: number[];
  breakdown: EarnBreakdown;
  explanation: string;
}

const PERCENT_CUBED = 1_000_000n; // item% × tier% × promo% share one denominator

export function tierFor(rules: RuleSet, rollingSpendMinor: number): Tier | null {
  let found: Tier | null = null;
  for (const t of rules.tiers) if (rollingSpendMinor >= t.thresholdMinor) found = t;
  return found;
}

/** Local weekday: a store's "weekend" is the terminal's weekend. */
function isPromotionActive(p: RuleSet['promotions'][number], at: number): boolean {
  if (at < p.startsAt || at >= p.endsAt) return false;
  return !p.weekdays || p.weekdays.includes(new Date(at).getDay());
}

function itemMultiplier(rules: RuleSet, line: EarnLine): { percent: number; label: string | null } {
  if (line.sku !== null) {
    const s = rules.skuMultipliers.find((m) => m.sku === line.sku);
    if (s) return { percent: s.multiplierPercent, label: `SKU ${s.sku}` };
  }
  if (line.category !== null) {
    const c = rules.categoryMultipliers.find((m) => m.category === line.category);
    if (c) return { percent: c.multiplierPercent, label: c.category };
  }
  return { percent: 100, label: null };
}

export function computeEarn(
  rules: RuleSet,
  tier: Tier | null,
  at: number,
  lines: readonly EarnLine[],
  currency: Currency,
): EarnResult {
  const money = (m: number, trim = false) => formatMoney(m, currency.code, currency.digits, trim);
  const paid = lines.reduce((a, l) => a + l.amountMinor, 0);
  const { points: aPts, perMinor } = rules.earnRate;
  const base = Number(divRound(BigInt(paid) * BigInt(aPts), BigInt(perMinor), rules.rounding));
  const rate = `${pts(aPts)}/${money(perMinor, true)}`;
  const breakdown: EarnBreakdown = {
    paidMinor: paid,
    basePoints: base,
    belowMinSpend: false,
    itemMultipliers: [],
    tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
    promotions: [],
    rounding: rules.rounding,
    totalPoints: 0,
  };

  if (paid < rules.minSpendMinor || paid === 0) {
    breakdown.belowMinSpend = paid < rules.minSpendMinor;
    const explanation = breakdown.belowMinSpend
      ? `${money(paid)} is below the ${money(rules.minSpendMinor)} minimum spend → 0`
      : `${money(paid)} × ${rate} = 0`;
    return { total: 0, perLine: lines.map(() => 0), breakdown, explanation };
  }

  const active = rules.promotions.filter((p) => isPromotionActive(p, at));
  const tierPct = BigInt(tier?.multiplierPercent ?? 100);
  const items = lines.map((l) => itemMultiplier(rules, l));
  const promoWinners = new Map<string, number>();
  const numerators = lines.map((l, i) => {
    let promoPct = 100;
    let winner: string | null = null;
    for (const p of active) {
      if (p.kind !== 'multiplier' || p.multiplierPercent === undefined) continue;
      if (p.category !== undefined && p.category !== l.category) continue;
      if (p.multiplierPercent > promoPct) {
        promoPct = p.multiplierPercent;
        winner = p.name;
      }
    }
    if (winner !== null) promoWinners.set(winner, promoPct);
    return BigInt(l.amountMinor) * BigInt(aPts) * BigInt(items[i].percent) * tierPct * BigInt(promoPct);
  });
  const perLine = roundParts(numerators, BigInt(perMinor) * PERCENT_CUBED, rules.rounding);
  const multiplied = perLine.reduce((a, b) => a + b, 0);

  const bonusParts: string[] = [];
  for (const p of active) {
    if (p.kind !== 'bonus' || p.bonusPoints === undefined) continue;
    // Lines excluded from earning (item ×0) take no share of a bonus either.
    const qualifying = lines
      .map((l, i) => ({ l, i }))
      .filter(({ l, i }) => items[i].percent > 0 && (p.category === undefined || l.category === p.category));
    if (qualifying.length === 0) continue;
    const shares = allocate(
      p.bonusPoints,
      qualifying.map(({ l }) => l.amountMinor),
    );
    qualifying.forEach(({ i }, k) => (perLine[i] += shares[k]));
    breakdown.promotions.push({ name: p.name, bonusPoints: p.bonusPoints });
    bonusParts.push(`${p.name} +${p.bonusPoints}`);
  }
  const total = perLine.reduce((a, b) => a + b, 0);

  // Item multipliers, grouped by what they apply to, for the one-line explanation.
  const byLabel = new Map<string, { percent: number; onMinor: number }>();
  items.forEach((it, i) => {
    if (it.label === null || it.percent === 100) return;
    const g = byLabel.get(it.label) ?? { percent: it.percent, onMinor: 0 };
    g.onMinor += lines[i].amountMinor;
    byLabel.set(it.label, g);
  });
  const multParts: string[] = [];
  for (const [label, g] of byLabel) {
    breakdown.itemMultipliers.push({ label, multiplierPercent: g.percent, onMinor: g.onMinor });
    multParts.push(`${label} ×${formatMultiplier(g.percent)} on ${money(g.onMinor)}`);
  }
  if (tier && tier.multiplierPercent !== 100)
    multParts.push(`${tier.name} ×${formatMultiplier(tier.multiplierPercent)}`);
  for (const [name, pct] of promoWinners) {
    breakdown.promotions.push({ name, multiplierPercent: pct });
    multParts.push(`${name} ×${formatMultiplier(pct)}`);
  }
  let explanation = `${money(paid)} × ${rate} = ${base}`;
  if (multParts.length > 0) explanation += `, ${multParts.join(', ')} → ${multiplied}`;
  if (bonusParts.length > 0) explanation += `, ${bonusParts.join(', ')} → ${total}`;
  breakdown.totalPoints = total;
  return { total, perLine, breakdown, explanation };
}

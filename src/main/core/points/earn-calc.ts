import type { RuleSet, Tier } from '../../../shared/contract/points';
import type { EarnFacts, EarnPart } from '../../../shared/explain/facts';
import { allocate, allocateBig, roundParts } from './exact-math';
import { stepRounded } from '../../../shared/explain/earn-steps';
import { PER_MILLE, permille } from '../../../shared/permille';
import { spendRate } from './spend-rules';
import { add, minor, points, sum, sumBy, unchecked, ZERO_POINTS, type Minor, type Points } from '../../../shared/units';

/**
 * Points for a purchase, as a pure function of the rules, the member's tier, the time
 * and the lines (amounts already net of any points discount). One exact rational per
 * line, rounded ONCE for the whole purchase by the rule set's rounding mode, then split
 * back onto the lines (largest remainder) so a refund can take back exactly what each
 * line earned:
 *
 *   line points = amount × (a.points / a.perMinor) × item% × tier% × promo%
 *
 * item% is the SKU multiplier, else the category's, else 100. promo% is what the rule
 * set's `promotionPolicy` makes of the active multiplier promotions for that line (the
 * best one by default; or the most recent; or all of them multiplied). Bonus promotions
 * add flat points once per qualifying purchase (all of them, or the largest / most
 * recent one), spread over the qualifying lines by amount. Below the minimum spend
 * nothing is earned, bonuses included. With `roundingStep: 'step'` the total is rounded
 * at every step of the explanation's chain instead of once (earn-steps.ts) and then
 * split onto the lines in proportion to their exact points.
 *
 * Worked examples (1 pt per ¥1, rounding down, README "Worked examples"):
 *   ¥10.90, Gold ×1.5: once → 16.35 → 16; per step → 10 → 15.
 *   ¥10, promotions ×2 and ×1.5: bestMultiplier/best → 20; latest (×1.5 started
 *   later) → 15; stack → 30. Bonuses +5 and +7: best → +7, latest → the later, else +12.
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
  /** Units on the line (points per unit); absent = 1. */
  quantity?: number;
  /** Labels besides the category, matched like categories (README "Labels"). */
  tags?: readonly string[];
}

/** The line's labels: its category first, then its tags. */
const labelsOf = (l: EarnLine): string[] => [...(l.category !== null ? [l.category] : []), ...(l.tags ?? [])];

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

// Multipliers are exact per-mille (shared/permille.ts): ×1.125 is 1125 / 1000.
const THOUSAND = PER_MILLE;
type ActivePromotion = RuleSet['promotions'][number] & { index: number };

/** Later start wins; on a tie, the one listed later (the most recently added). */
const isLater = (a: ActivePromotion, b: ActivePromotion) =>
  a.startsAt > b.startsAt || (a.startsAt === b.startsAt && a.index > b.index);

/** The multiplier promotions that apply to a line under the policy, in the order they multiply. */
function linePromotions(rules: RuleSet, active: readonly ActivePromotion[], line: EarnLine): ActivePromotion[] {
  const eligible = active.filter(
    (p) => p.kind === 'multiplier' && p.multiplierPercent !== undefined && targets(p, line),
  );
  const policy = rules.promotionPolicy ?? 'bestMultiplier';
  if (policy === 'stack') return eligible.filter((p) => p.multiplierPercent !== 100);
  let pick: ActivePromotion | undefined;
  for (const p of eligible) {
    if (policy === 'latest') {
      if (!pick || isLater(p, pick)) pick = p;
    } else if (p.multiplierPercent! > (pick?.multiplierPercent ?? 100)) pick = p;
  }
  return pick ? [pick] : [];
}

/** The bonus promotions a purchase gets under the policy (each still needs a qualifying line). */
function bonusPromotions(rules: RuleSet, qualifying: readonly ActivePromotion[]): ActivePromotion[] {
  const policy = rules.promotionPolicy ?? 'bestMultiplier';
  if (qualifying.length === 0 || policy === 'bestMultiplier' || policy === 'stack') return [...qualifying];
  let pick = qualifying[0];
  for (const p of qualifying) {
    if (policy === 'latest' ? isLater(p, pick) : p.bonusPoints! > pick.bonusPoints!) pick = p;
  }
  return [pick];
}

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
  const labels = labelsOf(line);
  const only = rules.earnOnlyCategories;
  if (only && !labels.some((l) => only.includes(l))) {
    return { percent: 0, item: { by: 'outside', code: line.category ?? '—', percent: 0 } };
  }
  // Several labels with a multiplier: a ×0 on any of them excludes the line (an exclusion
  // always wins); otherwise the highest applies — they never multiply (README "Labels").
  let pick: RuleSet['categoryMultipliers'][number] | undefined;
  for (const label of labels) {
    const c = rules.categoryMultipliers.find((m) => m.category === label);
    if (!c) continue;
    if (c.multiplierPercent === 0) return { percent: 0, item: { by: 'category', code: c.category, percent: 0 } };
    if (!pick || c.multiplierPercent > pick.multiplierPercent) pick = c;
  }
  if (pick) {
    return {
      percent: pick.multiplierPercent,
      item: { by: 'category', code: pick.category, percent: pick.multiplierPercent },
    };
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
  promos: readonly ActivePromotion[][],
): EarnPart[] {
  const parts = new Map<string, EarnPart>();
  lines.forEach((l, i) => {
    const item = items[i].item && items[i].item.percent !== 100 ? items[i].item : undefined;
    const [promotion, ...stacked] = promos[i].map((p) => ({ name: p.name, percent: p.multiplierPercent! }));
    const key = JSON.stringify([item ?? null, promotion ?? null, stacked]);
    const part = parts.get(key);
    if (part) part.onMinor += l.amountMinor;
    else {
      parts.set(key, {
        onMinor: l.amountMinor,
        ...(item ? { item } : {}),
        ...(promotion ? { promotion } : {}),
        ...(stacked.length > 0 ? { stacked } : {}),
      });
    }
  });
  return [...parts.values()];
}

/** A promotion's target: its category and/or SKU (absent = every line). */
const targets = (p: { category?: string; sku?: string }, l: EarnLine) =>
  (p.category === undefined || labelsOf(l).includes(p.category)) && (p.sku === undefined || p.sku === l.sku);

/**
 * The cap on what counts (rule `countedMaxMinor`): above it, the lines count for the cap
 * in proportion to what they cost (largest remainder), so each line still earns its share.
 *   ¥1,500 in ¥1,000 + ¥500, cap ¥1,000 → counted ¥666.67 + ¥333.33.
 */
function countedLines(rules: RuleSet, lines: readonly EarnLine[], paid: Minor): readonly EarnLine[] {
  const cap = rules.countedMaxMinor;
  if (cap === undefined || paid <= cap) return lines;
  const shares = allocate(
    minor(cap),
    lines.map((l) => l.amountMinor),
  );
  return lines.map((l, i) => ({ ...l, amountMinor: shares[i] }));
}

export interface EarnOptions {
  /** Programme keys of the promo codes entered on this purchase: a promotion with a `promoProgramme` needs its key here. */
  codeKeys?: ReadonlySet<string>;
}

export function computeEarn(
  rules: RuleSet,
  tier: Tier | null,
  at: number,
  paidLines: readonly EarnLine[],
  options: EarnOptions = {},
): EarnResult {
  const paid = sumBy(paidLines, (l) => l.amountMinor);
  const lines = countedLines(rules, paidLines, paid);
  // Several spend rules (spend-rules.ts) become one exact rate; else the rule set's earnRate.
  const spend = spendRate(rules, paid);
  const { points: aPts, perMinor } = spend.rate;
  const active = rules.promotions
    .map((p, index) => ({ ...p, index }))
    .filter(
      (p) =>
        isPromotionActive(p, at) &&
        (p.promoProgramme === undefined || options.codeKeys?.has(p.promoProgramme) === true),
    );
  const items = lines.map((l) => itemMultiplier(rules, l));
  const promos = lines.map((l) => linePromotions(rules, active, l));
  const facts: EarnCalcFacts = {
    kind: 'earn',
    rate: { points: aPts, perMinor },
    minSpendMinor: rules.minSpendMinor,
    rounding: { mode: rules.rounding, appliedTo: rules.roundingStep ?? 'purchase' },
    paidMinor: paid,
    parts: partsOf(lines, items, promos),
    ...(tier ? { tier: { name: tier.name, percent: tier.multiplierPercent } } : {}),
    points: 0,
    ...(lines !== paidLines ? { countedMinor: rules.countedMaxMinor } : {}),
    ...(rules.endsAt !== undefined ? { programmeEndsAt: rules.endsAt } : {}),
    ...(spend.applied ? { spendRules: spend.applied } : {}),
  };
  if (paid < rules.minSpendMinor || paid === 0)
    return { total: ZERO_POINTS, perLine: lines.map(() => ZERO_POINTS), facts };

  // One denominator for every line: perMinor × 100 per percent factor (item, tier, and
  // as many promotions as the most-stacked line has; a line with fewer is scaled up).
  const factors = Math.max(1, ...promos.map((p) => p.length));
  const tierPm = permille(tier?.multiplierPercent ?? 100);
  const numerators = lines.map((l, i) => {
    let n = BigInt(l.amountMinor) * BigInt(aPts) * permille(items[i].percent) * tierPm;
    for (const p of promos[i]) n *= permille(p.multiplierPercent!);
    return n * THOUSAND ** BigInt(factors - promos[i].length);
  });
  const denominator = BigInt(perMinor) * THOUSAND ** BigInt(2 + factors);
  // Money × rate → points: unchecked, the award is refused above MAX_AWARD_POINTS after.
  const perLine = (
    rules.roundingStep === 'step'
      ? allocateBig(stepRounded({ schemaVersion: 1, ...facts, ruleVersion: null }), numerators)
      : roundParts(numerators, denominator, rules.rounding)
  ).map(unchecked.points);

  const bonuses: { name: string; points: number }[] = [];
  // Lines excluded from earning (item ×0) take no share of a bonus, nor qualify for one.
  const qualifyingLines = (p: ActivePromotion) =>
    lines.map((l, i) => ({ l, i })).filter(({ l, i }) => items[i].percent > 0 && targets(p, l));
  const candidates = active.filter(
    (p) => p.kind === 'bonus' && p.bonusPoints !== undefined && qualifyingLines(p).length > 0,
  );
  for (const p of bonusPromotions(rules, candidates)) {
    const qualifying = qualifyingLines(p);
    const shares = allocate(
      points(p.bonusPoints!),
      qualifying.map(({ l }) => l.amountMinor),
    );
    qualifying.forEach(({ i }, k) => (perLine[i] = add(perLine[i], shares[k])));
    bonuses.push({ name: p.name, points: p.bonusPoints! });
  }
  // Points per unit whatever the price (SKU rule first, else the category's), per line.
  const units = new Map<string, NonNullable<EarnFacts['units']>[number]>();
  lines.forEach((l, i) => {
    if (items[i].percent === 0) return; // excluded lines earn nothing, per unit neither
    // The SKU's rule, else the first label's (the category, then the tags in order).
    const rule =
      (l.sku !== null ? rules.unitPoints?.find((u) => u.sku === l.sku) : undefined) ??
      labelsOf(l)
        .map((label) => rules.unitPoints?.find((u) => u.category === label))
        .find((u) => u !== undefined);
    if (!rule) return;
    const quantity = l.quantity ?? 1;
    perLine[i] = add(perLine[i], unchecked.points(quantity * rule.points));
    const by = rule.sku !== undefined ? 'sku' : 'category';
    const code = (rule.sku ?? rule.category)!;
    const key = `${by}\u0000${code}`;
    const u = units.get(key);
    if (u) u.quantity += quantity;
    else units.set(key, { by, code, quantity, each: rule.points });
  });
  if (units.size > 0) facts.units = [...units.values()];
  // Points per visit: once per purchase that earns, on the lines that earn, by amount.
  const earning = lines.map((l, i) => ({ l, i })).filter(({ i }) => items[i].percent > 0);
  if (rules.visitPoints !== undefined && earning.length > 0) {
    const shares = allocate(
      points(rules.visitPoints),
      earning.map(({ l }) => l.amountMinor),
    );
    earning.forEach(({ i }, k) => (perLine[i] = add(perLine[i], shares[k])));
    facts.visit = rules.visitPoints;
  }
  const total = sum(perLine);
  if (bonuses.length > 0) facts.bonuses = bonuses;
  facts.points = total;
  return { total, perLine, facts };
}

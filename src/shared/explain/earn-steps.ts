import type { EarnFacts, EarnPart } from './facts';
import { add, isInteger, mul, ratio, roundRatio, type Ratio } from './exact';
import { PER_MILLE, permille } from '../permille';

/**
 * The arithmetic of an award as the explanation prints it, recomputed exactly from the
 * facts: a base (the amount, or a sum of amounts with their own multipliers, times the
 * rate), then each multiplier that applies to everything, then the one rounding, then
 * the bonuses. Multipliers common to every part are factored out into steps so the
 * common case reads as a chain: "¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157".
 * This mirrors `computeEarn` (src/main/core/points/earn-calc.ts): one exact rational for
 * the whole purchase, rounded once by the rule's mode, bonuses added after.
 *
 * With `rounding.appliedTo: 'step'` (rule `roundingStep: 'step'`) the chain is rounded
 * at every figure it prints instead: the base, then after each step — and the engine
 * takes its total from here (`stepRounded`), so the two cannot disagree.
 *   ¥10.50 × 1 pt/¥1 = 10.5 → 10, Gold ×1.5 = 15 pts (rounded down at each step)
 * where rounding once would give 10.5 × 1.5 = 15.75 → 15; for ¥10.90 it is 10 → 15
 * against 16.35 → 16.
 */
export type StepLabel =
  | { kind: 'item'; by: 'sku' | 'category' | 'outside'; code: string }
  | { kind: 'tier'; name: string }
  | { kind: 'promotion'; name: string };

export interface Multiplier {
  label: StepLabel;
  percent: number;
}

export interface BasePart {
  onMinor: number;
  /** Multipliers that apply to this part only (shown beside its amount). */
  multipliers: Multiplier[];
}

export interface ChainStep extends Multiplier {
  /** The exact running value after this step (step rounding: of the rounded value before it). */
  value: Ratio;
  /** Step rounding only: this step's value rounded, where it was not whole. */
  rounded?: bigint;
}

export type EarnSteps =
  | { shape: 'belowMinSpend' }
  | { shape: 'nothingPaid' }
  | {
      shape: 'chain';
      parts: BasePart[];
      base: Ratio;
      /** Step rounding only: the base rounded, where it was not whole. */
      baseRounded?: bigint;
      steps: ChainStep[];
      /** The exact points before rounding (= the last step's value, or the base). */
      exact: Ratio;
      rounded: bigint;
      bonuses: { name: string; points: number }[];
      total: bigint;
    };

const itemKey = (p: EarnPart) => (p.item ? `${p.item.by}\u0000${p.item.code}\u0000${p.item.percent}` : '');
const promoKey = (p: EarnPart) =>
  [...(p.promotion ? [p.promotion] : []), ...(p.stacked ?? [])]
    .map((x) => `${x.name}\u0000${x.percent}`)
    .join('\u0001');

function itemMultiplier(p: EarnPart): Multiplier | null {
  return p.item ? { label: { kind: 'item', by: p.item.by, code: p.item.code }, percent: p.item.percent } : null;
}

/** The winning promotion, then any stacked after it (promotionPolicy 'stack'). */
function promoMultipliers(p: EarnPart): Multiplier[] {
  return [...(p.promotion ? [p.promotion] : []), ...(p.stacked ?? [])].map((x) => ({
    label: { kind: 'promotion', name: x.name },
    percent: x.percent,
  }));
}

// Exact per-mille: ×1.125 is 1125/1000 (shared/permille.ts).
const times = (r: Ratio, percent: number) => mul(r, ratio(permille(percent), PER_MILLE));

export function earnSteps(f: EarnFacts): EarnSteps {
  if (f.paidMinor < f.minSpendMinor) return { shape: 'belowMinSpend' };
  if (f.paidMinor === 0) return { shape: 'nothingPaid' };
  const rate = ratio(f.rate.points, f.rate.perMinor);
  let parts = f.parts.filter((p) => p.onMinor > 0);
  // Facts always partition what was paid; a hand-made or damaged one still reads sensibly.
  if (parts.length === 0) parts = [{ onMinor: f.paidMinor }];
  const sameItem = parts.every((p) => itemKey(p) === itemKey(parts[0]));
  const samePromo = parts.every((p) => promoKey(p) === promoKey(parts[0]));

  const baseParts: BasePart[] = parts.map((p) => {
    const own: Multiplier[] = [];
    const item = sameItem ? null : itemMultiplier(p);
    if (item) own.push(item);
    if (!samePromo) own.push(...promoMultipliers(p));
    return { onMinor: p.onMinor, multipliers: own };
  });
  let base = ratio(0);
  for (const p of baseParts) {
    let v = mul(ratio(p.onMinor), rate);
    for (const m of p.multipliers) v = times(v, m.percent);
    base = add(base, v);
  }

  const common: Multiplier[] = [];
  const item = sameItem ? itemMultiplier(parts[0]) : null;
  if (item && item.percent !== 100) common.push(item);
  if (f.tier && f.tier.percent !== 100) {
    common.push({ label: { kind: 'tier', name: f.tier.name }, percent: f.tier.percent });
  }
  if (samePromo) common.push(...promoMultipliers(parts[0]).filter((m) => m.percent !== 100));

  const mode = f.rounding.mode;
  const perStep = f.rounding.appliedTo === 'step';
  // Step rounding: each figure is rounded before the next multiplier applies.
  const settle = (v: Ratio): { next: Ratio; rounded?: bigint } => {
    if (!perStep || isInteger(v)) return { next: v };
    const r = roundRatio(v, mode);
    return { next: ratio(r), rounded: r };
  };
  const steps: ChainStep[] = [];
  const first = settle(base);
  let value = first.next;
  let exact = base;
  for (const m of common) {
    exact = times(value, m.percent);
    const s = settle(exact);
    steps.push({ ...m, value: exact, ...(s.rounded !== undefined ? { rounded: s.rounded } : {}) });
    value = s.next;
  }
  const rounded = roundRatio(value, mode);
  const bonuses = f.bonuses ?? [];
  const units = (f.units ?? []).reduce((a, u) => a + BigInt(u.quantity) * BigInt(u.each), 0n);
  const total = bonuses.reduce((a, b) => a + BigInt(b.points), rounded) + units + BigInt(f.visit ?? 0);
  return {
    shape: 'chain',
    parts: baseParts,
    base,
    ...(first.rounded !== undefined ? { baseRounded: first.rounded } : {}),
    steps,
    exact,
    rounded,
    bonuses,
    total,
  };
}

/** Step rounding: the points before bonuses, as the chain rounds them (the engine's total). */
export function stepRounded(f: EarnFacts): bigint {
  const s = earnSteps(f);
  return s.shape === 'chain' ? s.rounded : 0n;
}

/** The points the facts add up to (what `computeEarn` awarded, for consistent facts). */
export function pointsOf(f: EarnFacts): number {
  const s = earnSteps(f);
  return s.shape === 'chain' ? Number(s.total) : 0;
}

import type { EarnFacts, EarnPart } from './facts';
import { add, mul, ratio, roundRatio, type Ratio } from './exact';

/**
 * The arithmetic of an award as the explanation prints it, recomputed exactly from the
 * facts: a base (the amount, or a sum of amounts with their own multipliers, times the
 * rate), then each multiplier that applies to everything, then the one rounding, then
 * the bonuses. Multipliers common to every part are factored out into steps so the
 * common case reads as a chain: "¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157".
 * This mirrors `computeEarn` (src/main/core/points/earn-calc.ts): one exact rational for
 * the whole purchase, rounded once by the rule's mode, bonuses added after.
 */
export type StepLabel =
  | { kind: 'item'; by: 'sku' | 'category'; code: string }
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
  /** The exact running value after this step. */
  value: Ratio;
}

export type EarnSteps =
  | { shape: 'belowMinSpend' }
  | { shape: 'nothingPaid' }
  | {
      shape: 'chain';
      parts: BasePart[];
      base: Ratio;
      steps: ChainStep[];
      /** The exact points before rounding (= the last step's value, or the base). */
      exact: Ratio;
      rounded: bigint;
      bonuses: { name: string; points: number }[];
      total: bigint;
    };

const HUNDRED = 100n;
const itemKey = (p: EarnPart) => (p.item ? `${p.item.by}\u0000${p.item.code}\u0000${p.item.percent}` : '');
const promoKey = (p: EarnPart) => (p.promotion ? `${p.promotion.name}\u0000${p.promotion.percent}` : '');

function itemMultiplier(p: EarnPart): Multiplier | null {
  return p.item ? { label: { kind: 'item', by: p.item.by, code: p.item.code }, percent: p.item.percent } : null;
}

function promoMultiplier(p: EarnPart): Multiplier | null {
  return p.promotion ? { label: { kind: 'promotion', name: p.promotion.name }, percent: p.promotion.percent } : null;
}

const times = (r: Ratio, percent: number) => mul(r, ratio(percent, HUNDRED));

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
    const promo = samePromo ? null : promoMultiplier(p);
    if (item) own.push(item);
    if (promo) own.push(promo);
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
  const promo = samePromo ? promoMultiplier(parts[0]) : null;
  if (promo && promo.percent !== 100) common.push(promo);

  const steps: ChainStep[] = [];
  let value = base;
  for (const m of common) {
    value = times(value, m.percent);
    steps.push({ ...m, value });
  }
  const rounded = roundRatio(value, f.rounding.mode);
  const bonuses = f.bonuses ?? [];
  const total = bonuses.reduce((a, b) => a + BigInt(b.points), rounded);
  return { shape: 'chain', parts: baseParts, base, steps, exact: value, rounded, bonuses, total };
}

/** The points the facts add up to (what `computeEarn` awarded, for consistent facts). */
export function pointsOf(f: EarnFacts): number {
  const s = earnSteps(f);
  return s.shape === 'chain' ? Number(s.total) : 0;
}

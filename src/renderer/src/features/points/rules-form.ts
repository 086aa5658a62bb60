import type { Promotion, RuleSet } from '../../../../shared/contract/points';
import { minorToInput, parseMoneyInput, parseMultiplier, parseWhole, percentToMultiplier } from './decimal-input';

/**
 * The rules page edits strings (what the manager types) and turns them into a RuleSet
 * only on preview/save, exactly: money in major units → minor units, "×1.5" → 150 %,
 * whole numbers as digits. Every problem is reported against its field key
 * (e.g. "earnPer", "tiers.1.threshold") so the page can show it there.
 */
export interface TierDraft {
  key: number;
  name: string;
  threshold: string;
  multiplier: string;
}
export interface MultiplierDraft {
  key: number;
  label: string;
  multiplier: string;
}
export interface PromotionDraft {
  key: number;
  name: string;
  kind: 'multiplier' | 'bonus';
  value: string;
  category: string;
  starts: string;
  ends: string;
  weekdays: number[];
}
export interface RulesDraft {
  earnPoints: string;
  earnPer: string;
  rounding: RuleSet['rounding'];
  minSpend: string;
  redeemValue: string;
  redeemPerPoints: string;
  payAllowed: boolean;
  payMaxPercent: string;
  expiryMonths: string;
  requirePin: boolean;
  refundPolicy: RuleSet['refundPolicy'];
  tierWindowMonths: string;
  tiers: TierDraft[];
  categories: MultiplierDraft[];
  skus: MultiplierDraft[];
  promotions: PromotionDraft[];
}

let key = 1;
export const nextKey = () => key++;

/** `<input type="date">` value of a local day, and back (local midnight). */
export function epochToDateInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
export function dateInputToLocalMidnight(value: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  // The Date constructor, not `+ 86 400 000`: a day with a DST change is not 24 h long.
  const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function draftFromRules(r: RuleSet, digits: number): RulesDraft {
  return {
    earnPoints: String(r.earnRate.points),
    earnPer: minorToInput(r.earnRate.perMinor, digits),
    rounding: r.rounding,
    minSpend: minorToInput(r.minSpendMinor, digits),
    redeemValue: minorToInput(r.redeemValue.minor, digits),
    redeemPerPoints: String(r.redeemValue.perPoints),
    payAllowed: r.payWithPointsAllowed,
    payMaxPercent: String(r.payWithPointsMaxPercent),
    expiryMonths: String(r.expiryMonths),
    requirePin: r.redeemRequiresPin,
    refundPolicy: r.refundPolicy,
    tierWindowMonths: String(r.tierWindowMonths),
    tiers: r.tiers.map((t) => ({
      key: nextKey(),
      name: t.name,
      threshold: minorToInput(t.thresholdMinor, digits),
      multiplier: percentToMultiplier(t.multiplierPercent),
    })),
    categories: r.categoryMultipliers.map((c) => ({
      key: nextKey(),
      label: c.category,
      multiplier: percentToMultiplier(c.multiplierPercent),
    })),
    skus: r.skuMultipliers.map((c) => ({
      key: nextKey(),
      label: c.sku,
      multiplier: percentToMultiplier(c.multiplierPercent),
    })),
    promotions: r.promotions.map((p) => ({
      key: nextKey(),
      name: p.name,
      kind: p.kind,
      value: p.kind === 'multiplier' ? percentToMultiplier(p.multiplierPercent ?? 100) : String(p.bonusPoints ?? ''),
      category: p.category ?? '',
      starts: epochToDateInput(p.startsAt),
      // The form shows the last day the promotion runs; the rule stores the exclusive end.
      ends: epochToDateInput(p.endsAt - 1),
      weekdays: p.weekdays ?? [],
    })),
  };
}

export type BuildResult = { ok: true; rules: RuleSet } | { ok: false; problems: Record<string, string> };

/** Problem codes are i18n keys under `rules.problems.*`. */
export function buildRules(d: RulesDraft, digits: number): BuildResult {
  const problems: Record<string, string> = {};
  const whole = (field: string, s: string, min: number, max: number): number => {
    const r = parseWhole(s, max);
    if (!r.ok) problems[field] = r.reason === 'tooLarge' ? 'tooLarge' : 'whole';
    else if (r.value < min) problems[field] = 'tooSmall';
    return r.ok ? r.value : 0;
  };
  const money = (field: string, s: string, min: number): number => {
    const r = parseMoneyInput(s, digits);
    if (!r.ok)
      problems[field] = r.reason === 'tooPrecise' ? 'tooPrecise' : r.reason === 'tooLarge' ? 'tooLarge' : 'money';
    else if (r.value < min) problems[field] = 'tooSmall';
    return r.ok ? r.value : 0;
  };
  const mult = (field: string, s: string): number => {
    const r = parseMultiplier(s);
    if (!r.ok) problems[field] = 'multiplier';
    return r.ok ? r.value : 100;
  };
  const label = (field: string, s: string, max: number): string => {
    if (s.trim() === '') problems[field] = 'required';
    else if (s.length > max) problems[field] = 'tooLong';
    return s.trim();
  };

  const earnPoints = whole('earnPoints', d.earnPoints, 0, 10_000);
  const perMinor = money('earnPer', d.earnPer, 1);
  const minSpend = money('minSpend', d.minSpend, 0);
  const redeemMinor = money('redeemValue', d.redeemValue, 1);
  const perPoints = whole('redeemPerPoints', d.redeemPerPoints, 1, 1_000_000);
  const payMax = whole('payMaxPercent', d.payMaxPercent, 0, 100);
  const expiry = whole('expiryMonths', d.expiryMonths, 0, 120);
  const window = whole('tierWindowMonths', d.tierWindowMonths, 1, 36);

  const tiers = d.tiers.map((t, i) => ({
    name: label(`tiers.${i}.name`, t.name, 40),
    thresholdMinor: money(`tiers.${i}.threshold`, t.threshold, 0),
    multiplierPercent: mult(`tiers.${i}.multiplier`, t.multiplier),
  }));
  tiers.forEach((t, i) => {
    if (i > 0 && t.thresholdMinor <= tiers[i - 1].thresholdMinor && !problems[`tiers.${i}.threshold`]) {
      problems[`tiers.${i}.threshold`] = 'increasing';
    }
  });
  const categoryMultipliers = d.categories.map((c, i) => ({
    category: label(`categories.${i}.label`, c.label, 40),
    multiplierPercent: mult(`categories.${i}.multiplier`, c.multiplier),
  }));
  const skuMultipliers = d.skus.map((c, i) => ({
    sku: label(`skus.${i}.label`, c.label, 40),
    multiplierPercent: mult(`skus.${i}.multiplier`, c.multiplier),
  }));
  const promotions: Promotion[] = d.promotions.map((p, i) => {
    const startsAt = dateInputToLocalMidnight(p.starts);
    const lastDay = dateInputToLocalMidnight(p.ends);
    const endsAt = dateInputToLocalMidnight(p.ends, 1);
    if (startsAt === null) problems[`promotions.${i}.starts`] = 'date';
    if (lastDay === null) problems[`promotions.${i}.ends`] = 'date';
    else if (startsAt !== null && lastDay < startsAt) problems[`promotions.${i}.ends`] = 'endBeforeStart';
    const promo: Promotion = {
      name: label(`promotions.${i}.name`, p.name, 60),
      kind: p.kind,
      startsAt: startsAt ?? 0,
      endsAt: endsAt ?? 1,
      ...(p.weekdays.length > 0 ? { weekdays: [...p.weekdays].sort() } : {}),
      ...(p.category.trim() ? { category: p.category.trim() } : {}),
    };
    if (p.kind === 'multiplier') promo.multiplierPercent = mult(`promotions.${i}.value`, p.value);
    else promo.bonusPoints = whole(`promotions.${i}.value`, p.value, 1, 1_000_000);
    return promo;
  });

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    rules: {
      earnRate: { points: earnPoints, perMinor },
      rounding: d.rounding,
      minSpendMinor: minSpend,
      redeemValue: { minor: redeemMinor, perPoints },
      payWithPointsAllowed: d.payAllowed,
      payWithPointsMaxPercent: payMax,
      expiryMonths: expiry,
      redeemRequiresPin: d.requirePin,
      refundPolicy: d.refundPolicy,
      tierWindowMonths: window,
      tiers,
      categoryMultipliers,
      skuMultipliers,
      promotions,
    },
  };
}

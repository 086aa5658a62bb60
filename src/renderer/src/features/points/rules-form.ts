import type { z } from 'zod';
import {
  ruleSetSchema,
  type ExpiryKind,
  type PromotionPolicy,
  type Promotion,
  type RoundingStep,
  type RuleSet,
} from '../../../../shared/contract/points';
import { minorToInput, parseDecimal, percentToMultiplier } from './decimal-input';
import { buildGoals, goalDrafts, type GoalDraft } from './goals-form';
import { draftReaders } from './draft-readers';
import { percentFromPermille } from '../../../../shared/permille';
import { tierBonusDraft, tierBonusRules, type TierBonusDraft } from './rules-form-tiers';

/**
 * The rules page edits strings (what the manager types) and turns them into a RuleSet
 * only on preview/save, in two steps: reading — money in major units → minor units,
 * "×1.5" → 150 %, whole numbers as digits, days as local midnights, exactly — and then
 * the contract's own `ruleSetSchema`, which alone decides what is allowed (ranges,
 * increasing tiers, unique names). Every problem is reported against the RuleSet path it
 * is about (e.g. "earnRate.perMinor", "tiers.1.thresholdMinor", "tiers" for a check over
 * all tiers), which is where the page shows it.
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
  sku: string;
  starts: string;
  ends: string;
  weekdays: number[];
  /** Promo code programme key ('' = no code needed). */
  promoProgramme?: string;
}
export interface RulesDraft extends TierBonusDraft {
  earnPoints: string;
  earnPer: string;
  rounding: RuleSet['rounding'];
  roundingStep: RoundingStep;
  minSpend: string;
  /** Points per visit ('' or 0 = none). */
  visitPoints: string;
  /** At most this much of a purchase counts (money; '' = no cap). */
  countedMax: string;
  redeemValue: string;
  redeemPerPoints: string;
  payAllowed: boolean;
  payMaxPercent: string;
  expiryKind: ExpiryKind;
  /** Days or months, for those kinds. */
  expiryCount: string;
  /**
   * True while the expiry is still a rule set's from before migration 010 (`expiryMonths`,
   * months after the moment of earning) and untouched: saving keeps it exactly so.
   */
  legacyExpiry: boolean;
  minBalance: string;
  promotionPolicy: PromotionPolicy;
  /** The programme's last day (optional): the rule set stores the next local midnight as `endsAt`. */
  programmeEnds: string;
  requirePin: boolean;
  refundPolicy: RuleSet['refundPolicy'];
  /** A refunded receipt's bill reward (issue 11 item 2); 'proportional' is also what absent means. */
  rewardRefundPolicy: NonNullable<RuleSet['rewardRefundPolicy']>;
  tierWindowMonths: string;
  tiers: TierDraft[];
  categories: MultiplierDraft[];
  skus: MultiplierDraft[];
  /** Include-only categories, comma-separated ('' = every category earns). */
  earnOnly: string;
  /** Points per unit: `multiplier` holds the points per unit as typed. SKU rows first. */
  unitSkus: MultiplierDraft[];
  unitCategories: MultiplierDraft[];
  promotions: PromotionDraft[];
  /** Stamp cards and accumulators (goals-form.ts). */
  goals: GoalDraft[];
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
    roundingStep: r.roundingStep ?? 'purchase',
    minSpend: minorToInput(r.minSpendMinor, digits),
    visitPoints: r.visitPoints !== undefined ? String(r.visitPoints) : '',
    countedMax: r.countedMaxMinor !== undefined ? minorToInput(r.countedMaxMinor, digits) : '',
    redeemValue: minorToInput(r.redeemValue.minor, digits),
    redeemPerPoints: String(r.redeemValue.perPoints),
    payAllowed: r.payWithPointsAllowed,
    payMaxPercent: String(r.payWithPointsMaxPercent),
    expiryKind: r.expiry?.kind ?? (r.expiryMonths > 0 ? 'months' : 'never'),
    expiryCount: String(r.expiry?.count ?? (r.expiryMonths > 0 ? r.expiryMonths : '')),
    legacyExpiry: !r.expiry && r.expiryMonths > 0,
    minBalance: String(r.minBalanceToSpend ?? 0),
    promotionPolicy: r.promotionPolicy ?? 'bestMultiplier',
    programmeEnds: r.endsAt !== undefined ? epochToDateInput(r.endsAt - 1) : '',
    requirePin: r.redeemRequiresPin,
    refundPolicy: r.refundPolicy,
    rewardRefundPolicy: r.rewardRefundPolicy ?? 'proportional',
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
    earnOnly: (r.earnOnlyCategories ?? []).join(', '),
    unitSkus: (r.unitPoints ?? [])
      .filter((u) => u.sku !== undefined)
      .map((u) => ({ key: nextKey(), label: u.sku!, multiplier: String(u.points) })),
    unitCategories: (r.unitPoints ?? [])
      .filter((u) => u.category !== undefined)
      .map((u) => ({ key: nextKey(), label: u.category!, multiplier: String(u.points) })),
    ...tierBonusDraft(r, digits, nextKey),
    promotions: r.promotions.map((p) => ({
      key: nextKey(),
      name: p.name,
      kind: p.kind,
      value: p.kind === 'multiplier' ? percentToMultiplier(p.multiplierPercent ?? 100) : String(p.bonusPoints ?? ''),
      category: p.category ?? '',
      sku: p.sku ?? '',
      starts: epochToDateInput(p.startsAt),
      // The form shows the last day the promotion runs; the rule stores the exclusive end.
      ends: epochToDateInput(p.endsAt - 1),
      weekdays: p.weekdays ?? [],
      promoProgramme: p.promoProgramme ?? '',
    })),
    goals: goalDrafts(r.goals, digits, nextKey),
  };
}

/** Problem codes are i18n keys under `rules.problems.*`. */
export type ProblemCode =
  | 'whole'
  | 'money'
  | 'tooPrecise'
  | 'tooLarge'
  | 'tooSmall'
  | 'multiplier'
  | 'required'
  | 'tooLong'
  | 'invalid'
  | 'date'
  | 'endBeforeStart'
  | 'endBeforeEffective'
  | 'future'
  | 'tiers'
  | 'unique';

/**
 * Problems by RuleSet path ("earnRate.perMinor", "promotions.0.endsAt", "tiers"); the
 * page adds `effective` for the date the new version takes effect (not part of a RuleSet).
 */
export type RuleProblems = Record<string, ProblemCode>;

export type BuildResult = { ok: true; rules: RuleSet } | { ok: false; problems: RuleProblems };

/** The RuleSet path of a promotion's value field, which depends on its kind. */
export function promotionValuePath(i: number, kind: PromotionDraft['kind']): string {
  return `promotions.${i}.${kind === 'multiplier' ? 'multiplierPercent' : 'bonusPoints'}`;
}

/** What a schema issue means for the field at `path`, whose typed value was `value`. */
function problemFor(issue: z.core.$ZodIssue, path: string, value: unknown): ProblemCode {
  if (path.endsWith('.multiplierPercent')) return 'multiplier'; // its text names the range
  if (issue.code === 'too_small') return issue.origin === 'string' ? 'required' : 'tooSmall';
  if (issue.code === 'too_big') return issue.origin === 'string' || issue.origin === 'array' ? 'tooLong' : 'tooLarge';
  if (issue.code === 'custom') {
    if (path === 'expiry.count') return 'tooLarge'; // more than 120 months
    // The schema's checks over a whole list carry the list's path.
    if (path === 'tiers') return 'tiers';
    if (path === 'categoryMultipliers' || path === 'skuMultipliers' || path === 'goals') return 'unique';
    if (path.endsWith('.endsAt')) return 'endBeforeStart';
    if (typeof value === 'string') return value.trim() === '' ? 'required' : 'invalid';
  }
  return 'invalid';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    root,
  );
}

export function buildRules(d: RulesDraft, digits: number): BuildResult {
  const problems: RuleProblems = {};
  const { whole, money } = draftReaders(digits, problems);
  // Up to 3 decimals (×1.125), read exactly as per-mille; the schema bounds the range.
  const mult = (path: string, s: string): number => {
    const r = parseDecimal(s.trim().replace(/^[×xX*]\s*/, ''), 3, Number.MAX_SAFE_INTEGER);
    if (!r.ok) problems[path] = 'multiplier';
    return r.ok ? percentFromPermille(r.value) : 100;
  };

  const promotions: Promotion[] = d.promotions.map((p, i) => {
    const startsAt = dateInputToLocalMidnight(p.starts);
    // The form shows the last day the promotion runs; the rule stores the exclusive end.
    const endsAt = dateInputToLocalMidnight(p.ends, 1);
    if (startsAt === null) problems[`promotions.${i}.startsAt`] = 'date';
    if (endsAt === null) problems[`promotions.${i}.endsAt`] = 'date';
    const promo: Promotion = {
      name: p.name.trim(),
      kind: p.kind,
      startsAt: startsAt ?? 0,
      endsAt: endsAt ?? 1,
      ...(p.weekdays.length > 0 ? { weekdays: [...p.weekdays].sort() } : {}),
      ...(p.category.trim() ? { category: p.category.trim() } : {}),
      ...(p.sku.trim() ? { sku: p.sku.trim() } : {}),
      ...(p.promoProgramme?.trim() ? { promoProgramme: p.promoProgramme.trim().toUpperCase() } : {}),
    };
    if (p.kind === 'multiplier') promo.multiplierPercent = mult(promotionValuePath(i, p.kind), p.value);
    else promo.bonusPoints = whole(promotionValuePath(i, p.kind), p.value);
    return promo;
  });
  const counted = d.expiryKind === 'days' || d.expiryKind === 'months';
  const expiryCount = counted ? whole('expiry.count', d.expiryCount) : 0;
  let endsAt: number | undefined;
  if (d.programmeEnds.trim() !== '') {
    const at = dateInputToLocalMidnight(d.programmeEnds, 1);
    if (at === null) problems.endsAt = 'date';
    else endsAt = at;
  }
  const minBalance = whole('minBalanceToSpend', d.minBalance);
  const visitPoints = d.visitPoints.trim() === '' ? 0 : whole('visitPoints', d.visitPoints);
  const countedMax = d.countedMax.trim() === '' ? undefined : money('countedMaxMinor', d.countedMax);
  // One list in the rule set, SKU rows first: its paths index that combined list.
  const unitRows = [
    ...d.unitSkus.map((u) => ({ by: 'sku' as const, u })),
    ...d.unitCategories.map((u) => ({ by: 'category' as const, u })),
  ];
  const unitPoints = unitRows.map(({ by, u }, i) => ({
    [by]: u.label.trim(),
    points: whole(`unitPoints.${i}.points`, u.multiplier),
  }));
  const earnOnly = d.earnOnly
    .split(/[,，]/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const goals = buildGoals(d.goals, digits, problems);
  const candidate: RuleSet = {
    earnRate: { points: whole('earnRate.points', d.earnPoints), perMinor: money('earnRate.perMinor', d.earnPer) },
    rounding: d.rounding,
    ...(d.roundingStep !== 'purchase' ? { roundingStep: d.roundingStep } : {}),
    minSpendMinor: money('minSpendMinor', d.minSpend),
    ...(visitPoints > 0 ? { visitPoints } : {}),
    ...(countedMax !== undefined ? { countedMaxMinor: countedMax } : {}),
    redeemValue: {
      minor: money('redeemValue.minor', d.redeemValue),
      perPoints: whole('redeemValue.perPoints', d.redeemPerPoints),
    },
    payWithPointsAllowed: d.payAllowed,
    payWithPointsMaxPercent: whole('payWithPointsMaxPercent', d.payMaxPercent),
    // Untouched pre-010 expiry stays as it was; otherwise the date-based policy, with
    // expiryMonths kept in step for readers of the older field.
    expiryMonths: d.expiryKind === 'months' && expiryCount <= 120 ? expiryCount : 0,
    // 'never' is what expiryMonths 0 has always meant: no policy needed.
    ...(d.legacyExpiry || d.expiryKind === 'never'
      ? {}
      : { expiry: { kind: d.expiryKind, ...(counted ? { count: expiryCount } : {}) } }),
    ...(minBalance > 0 ? { minBalanceToSpend: minBalance } : {}),
    ...(d.promotionPolicy !== 'bestMultiplier' ? { promotionPolicy: d.promotionPolicy } : {}),
    ...(endsAt !== undefined ? { endsAt } : {}),
    redeemRequiresPin: d.requirePin,
    refundPolicy: d.refundPolicy,
    // The default stays absent, so a rule set saved without touching it is unchanged.
    ...(d.rewardRefundPolicy !== 'proportional' ? { rewardRefundPolicy: d.rewardRefundPolicy } : {}),
    tierWindowMonths: whole('tierWindowMonths', d.tierWindowMonths),
    tiers: d.tiers.map((t, i) => ({
      name: t.name.trim(),
      thresholdMinor: money(`tiers.${i}.thresholdMinor`, t.threshold),
      multiplierPercent: mult(`tiers.${i}.multiplierPercent`, t.multiplier),
    })),
    categoryMultipliers: d.categories.map((c, i) => ({
      category: c.label.trim(),
      multiplierPercent: mult(`categoryMultipliers.${i}.multiplierPercent`, c.multiplier),
    })),
    skuMultipliers: d.skus.map((c, i) => ({
      sku: c.label.trim(),
      multiplierPercent: mult(`skuMultipliers.${i}.multiplierPercent`, c.multiplier),
    })),
    ...(unitPoints.length > 0 ? { unitPoints } : {}),
    ...(earnOnly.length > 0 ? { earnOnlyCategories: earnOnly } : {}),
    ...tierBonusRules(d, whole, money),
    promotions,
    ...(goals.length > 0 ? { goals } : {}),
  };

  const parsed = ruleSetSchema.safeParse(candidate);
  if (!parsed.success) {
    const unread = Object.keys(problems);
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      // Already said (a value that could not be read), or a check over values that
      // could not be read (placeholders would make it say something untrue).
      if (problems[path] || unread.some((p) => p.startsWith(`${path}.`))) continue;
      problems[path] = problemFor(issue, path, valueAt(candidate, issue.path));
    }
  }
  if (Object.keys(problems).length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, rules: parsed.data };
}

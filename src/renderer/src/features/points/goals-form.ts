import type { Goal, GoalMeasure, VoucherKind } from '../../../../shared/contract/points-goals-schema';
import { minorToInput } from './decimal-input';
import { draftReaders } from './draft-readers';
import type { ProblemCode } from './rules-form';

/**
 * The goals part of the rules draft (issue 11 item 4): what the manager types for a
 * stamp card or an accumulator, and the Goal it becomes. Money (the spend target, the
 * minimum spend of a visit, an amount-off value) is typed in major units; counts as digits.
 */
export interface GoalDraft {
  key: number;
  goalKey: string;
  name: string;
  measure: GoalMeasure;
  sku: string;
  category: string;
  minSpend: string;
  target: string;
  rewardName: string;
  rewardKind: VoucherKind;
  rewardValue: string;
  rewardSku: string;
  pendingDays: string;
  validDays: string;
}

export function goalDrafts(goals: readonly Goal[] | undefined, digits: number, nextKey: () => number): GoalDraft[] {
  return (goals ?? []).map((g) => ({
    key: nextKey(),
    goalKey: g.key,
    name: g.name,
    measure: g.measure,
    sku: g.sku ?? '',
    category: g.category ?? '',
    minSpend: g.minSpendMinor !== undefined ? minorToInput(g.minSpendMinor, digits) : '',
    target: g.measure === 'spend' ? minorToInput(g.target, digits) : String(g.target),
    rewardName: g.reward.name,
    rewardKind: g.reward.kind,
    rewardValue: g.reward.valueMinor !== undefined ? minorToInput(g.reward.valueMinor, digits) : '',
    rewardSku: g.reward.sku ?? '',
    pendingDays: g.pendingDays !== undefined ? String(g.pendingDays) : '',
    validDays: g.validDays !== undefined ? String(g.validDays) : '',
  }));
}

/** A goal key from its name when none was typed: "Coffee card" → "coffee-card". */
export function keyFromName(name: string, i: number): string {
  const k = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  return k === '' ? `goal-${i + 1}` : k;
}

/** Reads the drafts; problems go by RuleSet path (`goals.0.target`). The schema checks the rest. */
export function buildGoals(
  drafts: readonly GoalDraft[],
  digits: number,
  problems: Record<string, ProblemCode>,
): Goal[] {
  const { whole, money } = draftReaders(digits, problems);
  return drafts.map((d, i) => {
    const p = (f: string) => `goals.${i}.${f}`;
    const optionalWhole = (f: string, s: string) => (s.trim() === '' ? undefined : whole(p(f), s));
    const pendingDays = optionalWhole('pendingDays', d.pendingDays);
    const validDays = optionalWhole('validDays', d.validDays);
    return {
      key: d.goalKey.trim() === '' ? keyFromName(d.name, i) : d.goalKey.trim(),
      name: d.name.trim(),
      measure: d.measure,
      ...(d.sku.trim() ? { sku: d.sku.trim() } : {}),
      ...(d.category.trim() ? { category: d.category.trim() } : {}),
      ...(d.measure === 'visits' && d.minSpend.trim() !== ''
        ? { minSpendMinor: money(p('minSpendMinor'), d.minSpend) }
        : {}),
      target: d.measure === 'spend' ? money(p('target'), d.target) : whole(p('target'), d.target),
      reward: {
        name: d.rewardName.trim(),
        kind: d.rewardKind,
        ...(d.rewardKind === 'amountOff' ? { valueMinor: money(p('reward.valueMinor'), d.rewardValue) } : {}),
        ...(d.rewardSku.trim() ? { sku: d.rewardSku.trim() } : {}),
      },
      ...(pendingDays ? { pendingDays } : {}),
      ...(validDays !== undefined ? { validDays } : {}),
    };
  });
}

import { z } from 'zod';
import { numberKit, type NumberKit } from './numbers';
import type { ExplainOptions } from './format-explanation';

/**
 * Explanation facts of the goal ledger (issue 11 item 4): stamp cards and accumulators.
 * Stored with every `points_goal_ledger` entry instead of text, rendered in English or
 * Chinese by `formatGoalFacts`. Self-contained: the goal's name, measure and target as
 * they were, so a later rule version never changes how an old entry reads.
 *
 *   progress: "Coffee card: +1 stamp → 10 of 10, 1 reward issued (Free coffee, pending until Dec 9, 2026) → 0 of 10"
 *             "咖啡集章卡：+1 枚印章 → 10/10，发放 1 张奖励券（免费咖啡，待生效至 2026年12月9日）→ 0/10"
 *   clawback: "Coffee card: refund of receipt R-1 takes back 2 stamps: 1 pending reward withdrawn, 2 taken from the card (0 short)"
 *   card merge: "Coffee card: 3 stamps recorded on card 2800000042421 while head office was unreachable"
 */
export const GOAL_FACTS_SCHEMA_VERSION = 1;
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A card's balance: in a chain it can be below zero (two stores offline issued from the same stamps). */
const card = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(200);
const goalOf = z.strictObject({
  key: name,
  name,
  measure: z.enum(['visits', 'spend', 'units']),
  target: count.min(1),
});

export const goalProgressFactsSchema = z.strictObject({
  schemaVersion: z.literal(GOAL_FACTS_SCHEMA_VERSION),
  kind: z.literal('goalProgress'),
  goal: goalOf,
  ruleVersion: count,
  before: card,
  added: count.min(1),
  /** Rewards issued by this purchase (each subtracted `target`). */
  issued: count,
  after: card,
  reward: z.strictObject({ name, pendingUntil: count.nullable() }),
  /** What each line of the purchase added (refunds take back by line, like points). */
  perLine: z.array(count).max(200),
  receiptNo: name,
});

export const goalIssueFactsSchema = z.strictObject({
  schemaVersion: z.literal(GOAL_FACTS_SCHEMA_VERSION),
  kind: z.literal('goalIssue'),
  goal: goalOf,
  reward: z.strictObject({ name, pendingUntil: count.nullable() }),
  receiptNo: name,
});

export const goalClawbackFactsSchema = z.strictObject({
  schemaVersion: z.literal(GOAL_FACTS_SCHEMA_VERSION),
  kind: z.literal('goalClawback'),
  goal: goalOf,
  owed: count.min(1),
  /** Pending rewards withdrawn first (each gives its target back to the card). */
  withdrawn: count,
  taken: count,
  /** Owed but not taken: the card never goes below zero. */
  shortfall: count,
  receiptNo: name,
});

export const goalWithdrawFactsSchema = z.strictObject({
  schemaVersion: z.literal(GOAL_FACTS_SCHEMA_VERSION),
  kind: z.literal('goalWithdraw'),
  goal: goalOf,
  reward: z.strictObject({ name }),
  receiptNo: name,
});

/**
 * A provisional card's balance of this goal moving to the real member at the merge
 * (points/provisional-transfer.ts): `out` of the provisional member, `in` to the real one.
 */
export const goalCardMergeFactsSchema = z.strictObject({
  schemaVersion: z.literal(GOAL_FACTS_SCHEMA_VERSION),
  kind: z.literal('goalCardMerge'),
  goal: goalOf,
  direction: z.enum(['in', 'out']),
  amount: count.min(1),
  cardNumber: z.string().regex(/^\d{13}$/),
});

export const goalFactsSchema = z.discriminatedUnion('kind', [
  goalProgressFactsSchema,
  goalIssueFactsSchema,
  goalClawbackFactsSchema,
  goalWithdrawFactsSchema,
  goalCardMergeFactsSchema,
]);
export type GoalFacts = z.output<typeof goalFactsSchema>;
export type GoalProgressFacts = z.output<typeof goalProgressFactsSchema>;
export type GoalClawbackFacts = z.output<typeof goalClawbackFactsSchema>;
export type GoalCardMergeFacts = z.output<typeof goalCardMergeFactsSchema>;

/** Validates on the way in: a writer can never store facts a reader cannot render. */
type WithoutVersion<F> = F extends unknown ? Omit<F, 'schemaVersion'> : never;
export function goalFacts<F extends GoalFacts>(f: WithoutVersion<F>): F {
  return goalFactsSchema.parse({ schemaVersion: GOAL_FACTS_SCHEMA_VERSION, ...f }) as F;
}

type Goal = GoalFacts['goal'];

function amount(kit: NumberKit, goal: Goal, n: number, signed = false): string {
  const sign = signed && n > 0 ? '+' : '';
  if (goal.measure === 'spend') return sign + kit.money(n);
  const num = kit.integer(n, signed);
  if (kit.locale === 'zh-CN') return goal.measure === 'visits' ? `${num} 枚印章` : `${num} 件`;
  if (goal.measure === 'visits') return `${num} ${n === 1 ? 'stamp' : 'stamps'}`;
  return `${num} ${n === 1 ? 'unit' : 'units'}`;
}

function of(kit: NumberKit, goal: Goal, n: number): string {
  if (goal.measure === 'spend') {
    return kit.locale === 'zh-CN'
      ? `${kit.money(n)}/${kit.money(goal.target)}`
      : `${kit.money(n)} of ${kit.money(goal.target)}`;
  }
  return kit.locale === 'zh-CN'
    ? `${kit.integer(n)}/${kit.integer(goal.target)}`
    : `${kit.integer(n)} of ${kit.integer(goal.target)}`;
}

function pending(kit: NumberKit, until: number | null): string {
  if (until === null) return '';
  return kit.locale === 'zh-CN' ? `，待生效至 ${kit.day(until)}` : `, pending until ${kit.day(until)}`;
}

/** One line in the reader's language; the arithmetic reads before + added − issued × target = after. */
export function formatGoalFacts(f: GoalFacts, options: ExplainOptions): string {
  const kit = numberKit(options.locale, options.currency, options.minorUnits, options.timeZone);
  const zh = options.locale === 'zh-CN';
  const g = f.goal;
  if (f.kind === 'goalCardMerge') {
    const moved = amount(kit, g, f.amount);
    if (zh) {
      return f.direction === 'in'
        ? `${g.name}：总部无法连接时记在卡 ${f.cardNumber} 上的 ${moved}`
        : `${g.name}：临时卡 ${f.cardNumber} 已与会员匹配：转出 ${moved}`;
    }
    return f.direction === 'in'
      ? `${g.name}: ${moved} recorded on card ${f.cardNumber} while head office was unreachable`
      : `${g.name}: provisional card ${f.cardNumber} matched with its member: ${moved} moved`;
  }
  const receipt = options.receipt === false ? '' : zh ? ` · 小票 ${f.receiptNo}` : ` · receipt ${f.receiptNo}`;
  switch (f.kind) {
    case 'goalProgress': {
      const reached = f.before + f.added;
      const head = zh
        ? `${g.name}：${amount(kit, g, f.added, true)} → ${of(kit, g, reached)}`
        : `${g.name}: ${amount(kit, g, f.added, true)} → ${of(kit, g, reached)}`;
      if (f.issued === 0) return head + receipt;
      const issued = zh
        ? `，发放 ${kit.integer(f.issued)} 张奖励券（${f.reward.name}${pending(kit, f.reward.pendingUntil)}）→ ${of(kit, g, f.after)}`
        : `, ${kit.integer(f.issued)} ${f.issued === 1 ? 'reward' : 'rewards'} issued (${f.reward.name}${pending(kit, f.reward.pendingUntil)}) → ${of(kit, g, f.after)}`;
      return head + issued + receipt;
    }
    case 'goalIssue':
      return (
        (zh ? `${g.name}：奖励券 ${f.reward.name}` : `${g.name}: reward ${f.reward.name}`) +
        pending(kit, f.reward.pendingUntil) +
        receipt
      );
    case 'goalWithdraw':
      return (
        (zh
          ? `${g.name}：退货收回待生效的奖励券 ${f.reward.name}`
          : `${g.name}: pending reward ${f.reward.name} withdrawn by a refund`) + receipt
      );
    case 'goalClawback':
      return zh
        ? `${g.name}：退货收回 ${amount(kit, g, f.owed)}：收回待生效奖励券 ${kit.integer(f.withdrawn)} 张，从卡上扣除 ${amount(kit, g, f.taken)}（不足 ${amount(kit, g, f.shortfall)}）${receipt}`
        : `${g.name}: a refund takes back ${amount(kit, g, f.owed)}: ${kit.integer(f.withdrawn)} pending ${f.withdrawn === 1 ? 'reward' : 'rewards'} withdrawn, ${amount(kit, g, f.taken)} from the card (${amount(kit, g, f.shortfall)} short)${receipt}`;
  }
}

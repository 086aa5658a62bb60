import type { ReadDb } from '../db/open-database';
import type { LedgerEnv } from './ledger';
import { allocate } from './exact-math';
import { newId } from '../ids';
import { stmt } from '../db/statements';
import { mergedInto } from './member-access';
import { withMergedProvisionals } from '../members/provisional';
import { chainGoalBalance } from '../sync/chain-goals';
import { inChainMode } from '../sync/state';
import type { RuleSet } from '../../../shared/contract/points';
import type { Goal, GoalOutcomeDto, VoucherDto, VoucherStatus } from '../../../shared/contract/points-goals-schema';
import { goalFacts, type GoalFacts, type GoalProgressFacts } from '../../../shared/explain/goal-facts';
import type { Minor } from '../../../shared/units';

/**
 * Goals with automatic rewards (issue 11 item 4): stamp cards and accumulators, each with
 * a balance of its own per member, kept like the points ledger — `points_goal_ledger` is
 * append-only and `points_goal_balances` caches its sum (never below zero).
 *
 * In the award's transaction, for every goal of the rule set: the purchase's qualifying
 * lines add to the balance (`visits`: 1 stamp when they paid at least the goal's minimum;
 * `spend`: the minor units paid; `units`: their quantity), then while the balance is at
 * least the target a voucher is issued and the target subtracted — so a purchase that
 * crosses the goal twice issues two. At most MAX_ISSUES_PER_PURCHASE per purchase and goal
 * (a rule typo must not print a million vouchers); the rest stays on the card for the next.
 * With `pendingDays` the voucher is pending (usable from issue + N × 24 h): a refund in
 * that window withdraws it first (goal-refund.ts).
 *
 * Worked example (README "Goals"): coffee card 10 stamps, 9 on the card, a purchase →
 * +1 = 10 → 1 voucher, 0 left. Spend goal ¥100, ¥90 on the card, ¥120 paid → ¥210 →
 * 2 vouchers, ¥10 left.
 */
export const MAX_ISSUES_PER_PURCHASE = 100;
const DAY_MS = 86_400_000;

export interface GoalLine {
  lineNo: number;
  sku: string | null;
  category: string | null;
  quantity: number;
  /** Paid for the line (after any points discount). */
  paidMinor: Minor;
}

interface VoucherRow {
  id: string;
  member_id: string;
  goal_key: string;
  target: number;
  name: string;
  kind: VoucherDto['kind'];
  value_minor: Minor | null;
  sku: string | null;
  available_from: number;
  expires_at: number | null;
  created_at: number;
  used_at: number | null;
  withdrawn_at: number | null;
}

/**
 * The member's card as the counter progresses and shows it: in chain mode the chain's
 * (sync/chain-goals.ts: head office's sum plus what waits here), else this ledger's.
 */
export function cardBalance(db: ReadDb, memberId: string, goalKey: string): number {
  const local = goalBalance(db, memberId, goalKey);
  return chainGoalBalance(db, memberId, goalKey, local) ?? local;
}

/** This terminal's own ledger's balance of the card (in chain mode its part of the chain's, maybe below zero). */
export function goalBalance(db: ReadDb, memberId: string, goalKey: string): number {
  const row = stmt(db, 'SELECT balance FROM points_goal_balances WHERE member_id = ? AND goal_key = ?').get(
    memberId,
    goalKey,
  ) as { balance: number } | undefined;
  return row?.balance ?? 0;
}

const qualifies = (g: Goal, l: GoalLine) =>
  (g.sku === undefined && g.category === undefined) ||
  (g.sku !== undefined && l.sku === g.sku) ||
  (g.category !== undefined && l.category === g.category);

/** What each line adds to the goal (pure): the refund takes back by line, like points. */
export function goalContribution(g: Goal, lines: readonly GoalLine[]): number[] {
  const q = lines.map((l) => (qualifies(g, l) ? l : null));
  if (g.measure === 'spend') return q.map((l) => (l ? l.paidMinor : 0));
  if (g.measure === 'units') return q.map((l) => (l ? l.quantity : 0));
  const paid = q.reduce((a, l) => a + (l ? l.paidMinor : 0), 0);
  if (!q.some((l) => l) || paid < Math.max(1, g.minSpendMinor ?? 1)) return lines.map(() => 0);
  return allocate(
    1,
    q.map((l) => (l ? l.paidMinor : 0)),
  );
}

export interface GoalEntry {
  memberId: string;
  goalKey: string;
  kind: 'progress' | 'issue' | 'withdraw' | 'clawback' | 'merge';
  amount: number;
  facts: GoalFacts;
  refId: string | null;
  voucherId?: string | null;
  ruleVersion?: number | null;
}

/** The only writer of the goal ledger: appends the entry and moves the cached balance by exactly its amount. */
export function applyGoalEntry(env: LedgerEnv, e: GoalEntry): { id: string; balanceAfter: number } {
  if (!Number.isSafeInteger(e.amount) || e.amount === 0) throw new Error(`bad goal amount ${e.amount}`);
  const after = goalBalance(env.db, e.memberId, e.goalKey) + e.amount;
  // In chain mode this terminal's part may go below zero: a voucher issued from stamps
  // collected at another store (migration 027). A lone terminal's card never does.
  if (!Number.isSafeInteger(after) || (after < 0 && !inChainMode(env.db))) throw new Error('goal balance out of range');
  const id = newId();
  stmt(
    env.db,
    `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, ref_id, voucher_id,
       op_id, terminal_id, staff_id, rule_version, facts, created_at)
     VALUES (@id, @member_id, @goal_key, @kind, @amount, @balance_after, @ref_id, @voucher_id,
       @op_id, @terminal_id, @staff_id, @rule_version, @facts, @created_at)`,
  ).run({
    id,
    member_id: e.memberId,
    goal_key: e.goalKey,
    kind: e.kind,
    amount: e.amount,
    balance_after: after,
    ref_id: e.refId,
    voucher_id: e.voucherId ?? null,
    op_id: env.opId,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    rule_version: e.ruleVersion ?? null,
    facts: JSON.stringify(e.facts),
    created_at: env.now,
  });
  stmt(
    env.db,
    `INSERT INTO points_goal_balances (member_id, goal_key, balance, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(member_id, goal_key) DO UPDATE SET balance = excluded.balance, updated_at = excluded.updated_at`,
  ).run(e.memberId, e.goalKey, after, env.now);
  return { id, balanceAfter: after };
}

const goalOf = (g: Goal) => ({ key: g.key, name: g.name, measure: g.measure, target: g.target });

/** Moves every goal of the rule set for one purchase; issues the vouchers it reaches. */
export function progressGoals(
  env: LedgerEnv,
  rules: RuleSet,
  ruleVersion: number,
  memberId: string,
  purchaseId: string,
  receiptNo: string,
  lines: readonly GoalLine[],
): GoalOutcomeDto[] {
  const out: GoalOutcomeDto[] = [];
  for (const g of rules.goals ?? []) {
    const perLine = goalContribution(g, lines);
    const added = perLine.reduce((a, b) => a + b, 0);
    if (added === 0) continue;
    const before = cardBalance(env.db, memberId, g.key);
    // A chain's card can be below zero (two stores offline issued from the same stamps):
    // nothing is issued until it is back above the target.
    const issued = Math.max(0, Math.min(MAX_ISSUES_PER_PURCHASE, Math.floor((before + added) / g.target)));
    const pendingUntil = g.pendingDays ? env.now + g.pendingDays * DAY_MS : null;
    const reward = { name: g.reward.name, pendingUntil };
    const facts = goalFacts<GoalProgressFacts>({
      kind: 'goalProgress',
      goal: goalOf(g),
      ruleVersion,
      before,
      added,
      issued,
      after: before + added - issued * g.target,
      reward,
      perLine,
      receiptNo,
    });
    applyGoalEntry(env, {
      memberId,
      goalKey: g.key,
      kind: 'progress',
      amount: added,
      facts,
      refId: purchaseId,
      ruleVersion,
    });
    const vouchers: VoucherDto[] = [];
    let balance = before + added;
    for (let i = 0; i < issued; i++) {
      const voucherId = newId();
      const entry = applyGoalEntry(env, {
        memberId,
        goalKey: g.key,
        kind: 'issue',
        amount: -g.target,
        facts: goalFacts({ kind: 'goalIssue', goal: goalOf(g), reward, receiptNo }),
        refId: purchaseId,
        voucherId,
        ruleVersion,
      });
      balance -= g.target;
      const availableFrom = pendingUntil ?? env.now;
      const row: VoucherRow = {
        id: voucherId,
        member_id: memberId,
        goal_key: g.key,
        target: g.target,
        name: g.reward.name,
        kind: g.reward.kind,
        value_minor: (g.reward.valueMinor ?? null) as Minor | null,
        sku: g.reward.sku ?? null,
        available_from: availableFrom,
        expires_at: g.validDays ? availableFrom + g.validDays * DAY_MS : null,
        created_at: env.now,
        used_at: null,
        withdrawn_at: null,
      };
      stmt(
        env.db,
        `INSERT INTO points_vouchers (id, member_id, goal_key, target, name, kind, value_minor, sku, purchase_id,
           issue_entry_id, available_from, expires_at, created_at)
         VALUES (@id, @member_id, @goal_key, @target, @name, @kind, @value_minor, @sku, @purchase_id,
           @issue_entry_id, @available_from, @expires_at, @created_at)`,
      ).run({
        id: row.id,
        member_id: row.member_id,
        goal_key: row.goal_key,
        target: row.target,
        name: row.name,
        kind: row.kind,
        value_minor: row.value_minor,
        sku: row.sku,
        purchase_id: purchaseId,
        issue_entry_id: entry.id,
        available_from: row.available_from,
        expires_at: row.expires_at,
        created_at: row.created_at,
      });
      vouchers.push(voucherDto(row, env.now));
    }
    out.push({
      goalKey: g.key,
      name: g.name,
      measure: g.measure,
      target: g.target,
      added,
      balance,
      facts,
      vouchers,
    });
  }
  return out;
}

export function voucherStatus(
  v: Pick<VoucherRow, 'used_at' | 'withdrawn_at' | 'available_from' | 'expires_at'>,
  now: number,
): VoucherStatus {
  if (v.used_at !== null) return 'used';
  if (v.withdrawn_at !== null) return 'revoked';
  if (now < v.available_from) return 'pending';
  if (v.expires_at !== null && now >= v.expires_at) return 'expired';
  return 'available';
}

export function voucherDto(r: VoucherRow, now: number): VoucherDto {
  return {
    id: r.id,
    memberId: r.member_id,
    goalKey: r.goal_key,
    name: r.name,
    kind: r.kind,
    valueMinor: r.value_minor,
    sku: r.sku,
    status: voucherStatus(r, now),
    availableFrom: r.available_from,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    createdAt: r.created_at,
  };
}

export function voucherRow(db: ReadDb, id: string): VoucherRow | undefined {
  return stmt(db, 'SELECT * FROM points_vouchers WHERE id = ?').get(id) as VoucherRow | undefined;
}

/**
 * The member ids whose vouchers `memberId` holds: its own, and those of the provisional
 * members merged into it here (a voucher's row never changes hands — migration 014's
 * trigger — so a voucher issued on the card before the merge stays on the provisional
 * row and belongs to the real member from then on).
 */
export function voucherHolders(db: ReadDb, memberId: string): string[] {
  return withMergedProvisionals(db, memberId);
}

/** Is this voucher the member's (issued to it, or to a provisional card merged into it)? */
export function holdsVoucher(db: ReadDb, memberId: string, row: Pick<VoucherRow, 'member_id'>): boolean {
  return row.member_id === memberId || mergedInto(db, row.member_id) === memberId;
}

export function memberVoucherRows(db: ReadDb, memberId: string, limit: number): VoucherRow[] {
  return stmt(
    db,
    `SELECT * FROM points_vouchers WHERE member_id IN (SELECT value FROM json_each(?))
     ORDER BY (used_at IS NULL AND withdrawn_at IS NULL) DESC, created_at DESC, id DESC LIMIT ?`,
  ).all(JSON.stringify(voucherHolders(db, memberId)), limit) as VoucherRow[];
}

/** Pending vouchers of one goal, newest first: what a refund withdraws first. */
export function pendingVoucherRows(db: ReadDb, memberId: string, goalKey: string, now: number): VoucherRow[] {
  return stmt(
    db,
    `SELECT * FROM points_vouchers WHERE member_id IN (SELECT value FROM json_each(?)) AND goal_key = ?
       AND used_at IS NULL AND withdrawn_at IS NULL AND available_from > ? ORDER BY created_at DESC, id DESC`,
  ).all(JSON.stringify(voucherHolders(db, memberId)), goalKey, now) as VoucherRow[];
}

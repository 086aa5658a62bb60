import type { LedgerEnv } from './ledger';
import { shareOf } from './exact-math';
import { stmt } from '../db/statements';
import { applyGoalEntry, cardBalance, pendingVoucherRows } from './goals';
import {
  goalFacts,
  goalFactsSchema,
  type GoalClawbackFacts,
  type GoalProgressFacts,
} from '../../../shared/explain/goal-facts';

export interface ReturnedRange {
  lineNo: number;
  /** Units [from, to) of the line's `quantity` go back. */
  from: number;
  to: number;
  quantity: number;
}

export interface GoalClawback {
  goalKey: string;
  owed: number;
  withdrawn: number;
  taken: number;
  shortfall: number;
}

/**
 * A refund takes back what the returned units added to each goal (by line and unit, the
 * same floor(value × to / qty) − floor(value × from / qty) as points, so partial returns
 * add up to exactly what the purchase added). Policy (Bink BPL's): while the card holds
 * less than is owed, the goal's newest PENDING voucher is withdrawn (its target goes back
 * onto the card); then what is owed comes off the card, never below zero — a voucher
 * already usable or used is the member's, and the rest is recorded as the shortfall.
 *
 *   card ¥10 after 2 pending vouchers from ¥120 on a ¥100 goal; full refund owes ¥120:
 *   withdraw 1 → ¥110, withdraw 2 → ¥210, take ¥120 → ¥90 (what the card held before).
 */
export function clawBackGoals(
  env: LedgerEnv,
  purchase: { id: string; receipt_no: string },
  /** Whose card gives back: the purchase's member, or the one its provisional card was merged into. */
  memberId: string,
  returned: readonly ReturnedRange[],
): GoalClawback[] {
  const progress = stmt(
    env.db,
    "SELECT goal_key, facts FROM points_goal_ledger WHERE ref_id = ? AND kind = 'progress' ORDER BY seq",
  ).all(purchase.id) as { goal_key: string; facts: string }[];
  const out: GoalClawback[] = [];
  for (const p of progress) {
    const f = goalFactsSchema.parse(JSON.parse(p.facts)) as GoalProgressFacts;
    let owed = 0;
    for (const r of returned) {
      const value = f.perLine[r.lineNo - 1] ?? 0;
      owed += shareOf(value, r.to, r.quantity) - shareOf(value, r.from, r.quantity);
    }
    if (owed === 0) continue;
    // The card as the counter shows it (the chain's in chain mode): never taken below zero.
    let balance = cardBalance(env.db, memberId, p.goal_key);
    let withdrawn = 0;
    for (const v of pendingVoucherRows(env.db, memberId, p.goal_key, env.now)) {
      if (balance >= owed) break;
      const entry = applyGoalEntry(env, {
        memberId,
        goalKey: p.goal_key,
        kind: 'withdraw',
        amount: v.target,
        facts: goalFacts({
          kind: 'goalWithdraw',
          goal: f.goal,
          reward: { name: v.name },
          receiptNo: purchase.receipt_no,
        }),
        refId: purchase.id,
        voucherId: v.id,
      });
      stmt(env.db, 'UPDATE points_vouchers SET withdrawn_at = ?, withdraw_entry_id = ? WHERE id = ?').run(
        env.now,
        entry.id,
        v.id,
      );
      balance += v.target;
      withdrawn++;
    }
    // Never below zero — nor from a chain's card that already is (two stores issued from it).
    const taken = Math.max(0, Math.min(owed, balance));
    const shortfall = owed - taken;
    if (taken > 0 || withdrawn > 0 || shortfall > 0) {
      const facts = goalFacts<GoalClawbackFacts>({
        kind: 'goalClawback',
        goal: f.goal,
        owed,
        withdrawn,
        taken,
        shortfall,
        receiptNo: purchase.receipt_no,
      });
      if (taken > 0) {
        applyGoalEntry(env, {
          memberId,
          goalKey: p.goal_key,
          kind: 'clawback',
          amount: -taken,
          facts,
          refId: purchase.id,
        });
      }
    }
    out.push({ goalKey: p.goal_key, owed, withdrawn, taken, shortfall });
  }
  return out;
}

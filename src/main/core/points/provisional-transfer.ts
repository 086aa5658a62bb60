import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { newId } from '../ids';
import { facts, type CardMergeFacts } from '../../../shared/explain/facts';
import { neg, unchecked, type Points } from '../../../shared/units';
import { applyEntry, balanceOf, type LotSpec } from './ledger';
import { applyGoalEntry } from './goals';
import { goalFacts, goalFactsSchema, type GoalCardMergeFacts } from '../../../shared/explain/goal-facts';

/**
 * A provisional member merged into the real member with its card (sync/provisional-merge.ts):
 * the points it holds here move by two appended `adjust` entries (cardMerge facts) — out
 * of the provisional member, into the real one — so both cached balances stay the sum of
 * their own entries and nothing written before is touched. The credit keeps the expiry
 * dates of the lots the debit consumed. Written with capture off: head office already
 * has these points on the real member (the award op went there keyed by the card).
 * Returns the points moved (0 when the provisional member holds none).
 */
export function moveProvisionalPoints(
  db: Db,
  from: string,
  to: string,
  cardNumber: string,
  now: number,
  terminalId: string,
): Points {
  const held = balanceOf(db, from);
  if (held === 0) return held;
  const env = { db, now, terminalId, staffId: null, opId: newId() };
  const entry = (memberId: string, points: Points, direction: CardMergeFacts['direction']) => ({
    memberId,
    kind: 'adjust' as const,
    points,
    refId: `card-merge:${cardNumber}`,
    facts: facts<CardMergeFacts>({ kind: 'cardMerge', direction, points, cardNumber }),
  });
  if (held > 0) {
    const out = applyEntry(env, entry(from, neg(held), 'out'));
    applyEntry(env, { ...entry(to, held, 'in'), lots: lotsLike(db, out.used, held, now) });
  } else {
    // A provisional member in debt (a refund clawed back more than it still held): the
    // debt moves too, so the real member's balance is what the card's history adds up to.
    applyEntry(env, entry(from, neg(held), 'out'));
    applyEntry(env, entry(to, held, 'in'));
  }
  return held;
}

/** The consumed lots' dates for the moved points (a never-expiring lot for any rest). */
function lotsLike(db: Db, used: { lotId: number; points: Points }[], total: Points, now: number): LotSpec[] {
  const dates = stmt(db, 'SELECT earned_at, expires_at FROM points_lots WHERE id = ?');
  const lots: LotSpec[] = used.map((u) => {
    const d = dates.get(u.lotId) as { earned_at: number; expires_at: number | null };
    return { points: u.points, earnedAt: d.earned_at, expiresAt: d.expires_at };
  });
  const covered = lots.reduce((s, l) => s + l.points, 0);
  if (covered < total) lots.push({ points: unchecked.points(total - covered), earnedAt: now, expiresAt: null });
  return lots;
}

/**
 * The same merge for stamp cards and accumulators (migration 023): each goal balance the
 * provisional member holds here moves by two appended `merge` goal entries, out of its
 * card and onto the real member's, so a card filled while head office was unreachable
 * keeps counting towards the member's next reward here. Its vouchers need no move: they
 * are the real member's through points/goals.ts#voucherHolders. The goal's name and
 * target are those of the card's last entry (what the member saw). Returns the goals moved.
 */
export function moveProvisionalGoals(
  db: Db,
  from: string,
  to: string,
  cardNumber: string,
  now: number,
  terminalId: string,
): number {
  const held = stmt(
    db,
    `SELECT b.goal_key, b.balance,
       (SELECT facts FROM points_goal_ledger l WHERE l.member_id = b.member_id AND l.goal_key = b.goal_key
        ORDER BY l.seq DESC LIMIT 1) AS facts
     FROM points_goal_balances b WHERE b.member_id = ? AND b.balance > 0 ORDER BY b.goal_key`,
  ).all(from) as { goal_key: string; balance: number; facts: string }[];
  if (held.length === 0) return 0;
  const env = { db, now, terminalId, staffId: null, opId: newId() };
  for (const h of held) {
    const goal = goalFactsSchema.parse(JSON.parse(h.facts)).goal;
    const entry = (memberId: string, amount: number, direction: GoalCardMergeFacts['direction']) => ({
      memberId,
      goalKey: h.goal_key,
      kind: 'merge' as const,
      amount,
      refId: `card-merge:${cardNumber}`,
      facts: goalFacts<GoalCardMergeFacts>({ kind: 'goalCardMerge', goal, direction, amount: h.balance, cardNumber }),
    });
    applyGoalEntry(env, entry(from, -h.balance, 'out'));
    applyGoalEntry(env, entry(to, h.balance, 'in'));
  }
  return held.length;
}

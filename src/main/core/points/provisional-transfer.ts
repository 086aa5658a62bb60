import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { newId } from '../ids';
import { facts, type CardMergeFacts } from '../../../shared/explain/facts';
import { neg, unchecked, type Points } from '../../../shared/units';
import { applyEntry, balanceOf, type LotSpec } from './ledger';

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

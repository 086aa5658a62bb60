import type { Db, ReadDb } from '../db/open-database';
import { expiryAudit, type ExpiringDto, type ExpiryRunDto, type MovedPoints } from '../../../shared/contract/points';
import { appendAudit } from '../audit/audit-log';
import { newId } from '../ids';
import { DAY_MS } from './exact-math';
import { applyEntry, balanceOf, type LedgerEnv } from './ledger';
import { stmt } from '../db/statements';
import { facts, type ExpireFacts } from '../../../shared/explain/facts';
import { add, neg, sumBy, ZERO_POINTS, type Points } from '../../../shared/units';
import { inChainMode } from '../sync/state';
import { chainExpiring } from '../sync/chain-expiring';

/**
 * Does this terminal expire its members' points? Standalone, yes. In chain mode, never:
 * its lots know only what was earned and spent HERE, so points earned here and spent at
 * another store would be expired a second time (a double debit). Head office keeps the
 * chain's lots from the lots each credit carries (sync/outbox-step.ts) and expires them
 * (src/server/expiry); the result reaches the counter as head office's balance.
 */
export const expiresHere = (db: ReadDb): boolean => !inChainMode(db);

interface DueLot {
  id: number;
  member_id: string;
  remaining: Points;
  earned_at: number;
}

/**
 * Expires every lot whose date has passed (`expires_at` ≤ now: the first moment after
 * its expiry date, see expiry-policy.ts): one `expire` entry per member, consuming
 * exactly the due lots (oldest first). Points are never deleted, only debited with an
 * entry that says which earnings they were. Safe to run any number of times.
 */
export function runExpiry(env: LedgerEnv): ExpiryRunDto & { expired: MovedPoints[] } {
  if (!expiresHere(env.db)) return { entries: 0, members: 0, pointsExpired: ZERO_POINTS, expired: [] };
  const due = stmt(
    env.db,
    `SELECT id, member_id, remaining, earned_at FROM points_lots
     WHERE expires_at IS NOT NULL AND expires_at <= ? AND remaining > 0
     ORDER BY member_id, earned_at, id`,
  ).all(env.now) as DueLot[];
  const byMember = new Map<string, DueLot[]>();
  for (const lot of due) {
    const list = byMember.get(lot.member_id);
    if (list) list.push(lot);
    else byMember.set(lot.member_id, [lot]);
  }
  let pointsExpired = ZERO_POINTS;
  const expired: MovedPoints[] = [];
  for (const [memberId, lots] of byMember) {
    const { points, entryId } = expireLots(env, memberId, lots);
    pointsExpired = add(pointsExpired, points);
    expired.push({ memberId, points: neg(points), entryId });
  }
  return { entries: byMember.size, members: byMember.size, pointsExpired, expired };
}

/** One `expire` entry consuming exactly these lots (oldest-earned first). */
function expireLots(env: LedgerEnv, memberId: string, lots: DueLot[]): { points: Points; entryId: string } {
  const points = sumBy(lots, (l) => l.remaining);
  const entry = applyEntry(env, {
    memberId,
    kind: 'expire',
    points: neg(points),
    facts: facts<ExpireFacts>({
      kind: 'expire',
      points,
      lots: lots.length,
      earnedFrom: lots[0].earned_at,
      earnedTo: lots[lots.length - 1].earned_at,
    }),
    exactLots: lots.map((l) => ({ lotId: l.id, points: l.remaining })),
  });
  return { points, entryId: entry.id };
}

/**
 * Expiry at spend time (issue 10 item 11): before a spend, in the same transaction,
 * the member's lots that are already due expire exactly as the run would have expired
 * them, so points past their date are never spent even when the run has not happened
 * yet (the terminal was off at midnight). Returns the balance left to spend from.
 */
export function expireDueLots(env: LedgerEnv, memberId: string): Points {
  if (!expiresHere(env.db)) return balanceOf(env.db, memberId);
  const lots = stmt(
    env.db,
    `SELECT id, member_id, remaining, earned_at FROM points_lots INDEXED BY points_lots_spend
     WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?
     ORDER BY earned_at, id`,
  ).all(memberId, env.now) as DueLot[];
  if (lots.length > 0) expireLots(env, memberId, lots);
  return balanceOf(env.db, memberId);
}

/** Points of this member already past their date but not yet expired (read paths: what can really be spent). */
export function dueNow(db: ReadDb, memberId: string, now: number): Points {
  if (!expiresHere(db)) return ZERO_POINTS;
  const row = stmt(
    db,
    `SELECT coalesce(sum(remaining), 0) AS s FROM points_lots INDEXED BY points_lots_spend
     WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?`,
  ).get(memberId, now) as { s: Points };
  return row.s;
}

/** For start-up and the daily timer: its own transaction, a fresh operation id. */
export function runExpiryNow(db: Db, now: number, terminalId: string): ExpiryRunDto {
  return db
    .transaction(() => {
      const { expired, ...run } = runExpiry({ db, now, terminalId, staffId: null, opId: newId() });
      // No session and no dispatcher here: the channel's declared records, by the system.
      for (const r of expiryAudit.each(null, run, { notes: { expired } })) {
        appendAudit(db, { at: now, terminalId, actorId: null, actorName: null, action: expiryAudit.action, ...r });
      }
      return run;
    })
    .immediate();
}

export function expiringWithin(db: ReadDb, memberId: string, now: number, withinDays: number): ExpiringDto {
  if (!expiresHere(db)) {
    const lots = chainExpiring(db, memberId, now + withinDays * DAY_MS);
    return { points: sumBy(lots, (l) => l.points), withinDays, lots };
  }
  const lots = stmt(
    db,
    // INDEXED BY: one member's open lots (a handful), never every lot in the store that
    // happens to expire this month, which the planner may otherwise pick (migration 018:
    // the spend index, same member prefix and condition, now that points_lots_open is gone).
    `SELECT remaining AS points, expires_at AS expiresAt FROM points_lots INDEXED BY points_lots_spend
     WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?
     ORDER BY expires_at, id`,
  ).all(memberId, now + withinDays * DAY_MS) as { points: Points; expiresAt: number }[];
  return { points: sumBy(lots, (l) => l.points), withinDays, lots };
}

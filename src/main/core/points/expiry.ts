import type { Db, ReadDb } from '../db/open-database';
import { expiryAudit, type ExpiringDto, type ExpiryRunDto, type MovedPoints } from '../../../shared/contract/points';
import { appendAudit } from '../audit/audit-log';
import { newId } from '../ids';
import { DAY_MS } from './exact-math';
import { applyEntry, type LedgerEnv } from './ledger';
import { stmt } from '../db/statements';
import { facts, type ExpireFacts } from '../../../shared/explain/facts';
import { add, neg, sumBy, ZERO_POINTS, type Points } from '../../../shared/units';

interface DueLot {
  id: number;
  member_id: string;
  remaining: Points;
  earned_at: number;
}

/**
 * Expires every lot whose date has passed: one `expire` entry per member, consuming
 * exactly the due lots (oldest first). Points are never deleted, only debited with an
 * entry that says which earnings they were. Safe to run any number of times.
 */
export function runExpiry(env: LedgerEnv): ExpiryRunDto & { expired: MovedPoints[] } {
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
    pointsExpired = add(pointsExpired, points);
    expired.push({ memberId, points: neg(points), entryId: entry.id });
  }
  return { entries: byMember.size, members: byMember.size, pointsExpired, expired };
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
  const lots = stmt(
    db,
    // INDEXED BY: one member's open lots (a handful), never every lot in the store that
    // happens to expire this month, which the planner may otherwise pick.
    `SELECT remaining AS points, expires_at AS expiresAt FROM points_lots INDEXED BY points_lots_open
     WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?
     ORDER BY expires_at, id`,
  ).all(memberId, now + withinDays * DAY_MS) as { points: Points; expiresAt: number }[];
  return { points: sumBy(lots, (l) => l.points), withinDays, lots };
}

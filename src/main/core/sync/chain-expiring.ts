import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import type { Points } from '../../../shared/units';
import type { PushedLot } from '../../../shared/sync';
import { NOT_IN_HEAD_OFFICE, readSyncState } from './state';

export interface ExpiringLot {
  points: Points;
  expiresAt: number;
}

/**
 * Chain mode's "expiring soon" (points/expiry.ts#expiringWithin): head office expires the
 * chain's points, so the dates are head office's — the `expiring` it sent with the
 * member's balance (migration 025) — plus the expiring lots of credits recorded here that
 * head office has not counted yet (the same ops `readChainBalance` adds as "here"), as
 * they were formed. Until `until`, soonest first, one row per moment. When head office
 * receives those credits it pays any debt of the member's from their soonest lots first,
 * so the second part can show a little more than will really expire; it is never less.
 */
export function chainExpiring(db: ReadDb, memberId: string, until: number): ExpiringLot[] {
  const kept = stmt(db, 'SELECT expiring FROM sync_balances WHERE member_id = ?').pluck().get(memberId) as
    string | null | undefined;
  const byMoment = new Map<number, number>();
  const add = (l: PushedLot) => {
    if (l.expiresAt !== null && l.expiresAt <= until)
      byMoment.set(l.expiresAt, (byMoment.get(l.expiresAt) ?? 0) + l.points);
  };
  for (const l of kept ? (JSON.parse(kept) as ExpiringLot[]) : []) add(l);
  for (const l of unpushedLots(db, memberId)) add(l);
  return [...byMoment]
    .sort((a, b) => a[0] - b[0])
    .map(([expiresAt, points]) => ({ points: points as Points, expiresAt }));
}

/** The lots carried by this member's credits in ops head office has not counted yet. */
function unpushedLots(db: ReadDb, memberId: string): PushedLot[] {
  const payloads = stmt(
    db,
    `SELECT payload FROM sync_outbox WHERE member_id = ? AND ${NOT_IN_HEAD_OFFICE} AND points > 0`,
  )
    .pluck()
    .all(memberId, readSyncState(db).pushed_through) as string[];
  return payloads.flatMap((p) => {
    const entries = (JSON.parse(p) as { entries?: { lots?: PushedLot[] }[] }).entries;
    return (entries ?? []).flatMap((e) => e.lots ?? []);
  });
}

/**
 * Chain mode's expiry forecast (reports/period-reports.ts#expiryForecast): the chain's
 * points by `week`-long bucket from now, from head office's dates as last pulled for every
 * member (each balance carries its soonest 12 moments) — this terminal's own lots know
 * only what was earned here, not what was spent elsewhere.
 */
export function chainExpiringByBucket(db: ReadDb, now: number, end: number, week: number) {
  return stmt(
    db,
    `SELECT (json_extract(j.value, '$.expiresAt') - @now) / @week AS bucket, sum(json_extract(j.value, '$.points')) AS points
     FROM sync_balances b, json_each(b.expiring) j
     WHERE b.expiring IS NOT NULL
       AND json_extract(j.value, '$.expiresAt') >= @now AND json_extract(j.value, '$.expiresAt') < @end
     GROUP BY bucket`,
  ).all({ now, end, week }) as { bucket: number; points: Points }[];
}

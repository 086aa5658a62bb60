import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';

/**
 * What this terminal spent of chain points while head office could not be reached, read
 * from its own outbox (chain-spend.ts): redemptions and payments with points whose op does
 * not name an online redemption. The outbox keeps every row of an outage until it is
 * pushed and pulled back, so nothing here needs a table of its own.
 */
/**
 * Points spent offline by a member at this terminal since `since` (the outage's start),
 * from the outbox, against the allowance: a spend drawn from a hold (its op names the
 * hold) was reserved at head office beforehand and does not count.
 */
export function offlineSpentSince(db: ReadDb, memberId: string | null, since: number): number {
  const r = stmt(
    db,
    `SELECT coalesce(-sum(json_extract(e.value, '$.points')), 0) AS spent
     FROM sync_outbox o, json_each(o.payload, '$.entries') e
     WHERE (? IS NULL OR o.member_id = ?) AND o.at >= ? AND o.kind IN ('points.award', 'points.ledger')
       AND json_extract(o.payload, '$.onlineRedemptionId') IS NULL
       AND json_extract(o.payload, '$.holdId') IS NULL
       AND json_extract(e.value, '$.kind') IN ('redeem', 'pay')`,
  ).get(memberId, memberId, since) as { spent: number };
  return r.spent;
}

/** The members spent for offline in this outage and how much (the Head office page's exposure). */
export function offlineExposure(db: ReadDb, since: number): { points: number; members: number } {
  const r = stmt(
    db,
    `SELECT coalesce(-sum(json_extract(e.value, '$.points')), 0) AS points, count(DISTINCT o.member_id) AS members
     FROM sync_outbox o, json_each(o.payload, '$.entries') e
     WHERE o.at >= ? AND o.kind IN ('points.award', 'points.ledger')
       AND json_extract(o.payload, '$.onlineRedemptionId') IS NULL
       AND json_extract(e.value, '$.kind') IN ('redeem', 'pay')`,
  ).get(since) as { points: number; members: number };
  return r;
}

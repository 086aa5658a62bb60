import type { PurchaseWire } from '../../../shared/sync';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';

/**
 * Chain-wide tiers (issue 12): head office sends every purchase of the chain with what
 * refunds took back from it (entity `purchase`, applied by sync/pull.ts); they are kept in `sync_chain_purchases`
 * (migration 021) and the tier code (tier-policy.ts) counts them beside this
 * terminal's own purchases — except a purchase this terminal holds itself, which its own
 * tables count (with its own refunds, at once, before any push).
 *
 * So the tier used for awards and shown at the counter is measured over: what head office
 * knew at the last pull (every store's pushed purchases) + this terminal's own purchases,
 * pushed or not. Offline it is the last pull + local spend since: a purchase at another
 * store that this terminal has not pulled yet is missing (README, head office section).
 *
 * A row is applied only when its version is newer (a refund raises it), so a row pulled
 * twice, or again by a fresh download, changes nothing.
 */
export function applyChainPurchase(db: Db, p: PurchaseWire): boolean {
  return (
    stmt(
      db,
      `INSERT INTO sync_chain_purchases (purchase_id, member_id, terminal_id, at, paid_minor, refunded_minor, version)
       VALUES (@purchaseId, @memberId, @terminalId, @at, @paidMinor, @refundedMinor, @version)
       ON CONFLICT (purchase_id) DO UPDATE SET refunded_minor = excluded.refunded_minor, version = excluded.version
       WHERE excluded.version > sync_chain_purchases.version`,
    ).run(p).changes > 0
  );
}

/**
 * Per member, the net spend in [since, now] of the chain's purchases head office sent that
 * this terminal does not hold itself — what tierStanding adds for one member, for all
 * members at once ("Members by tier" in chain mode, reports/period-reports.ts).
 */
export function chainSpendByMember(db: ReadDb, since: number, now: number): { memberId: string; spend: number }[] {
  return stmt(
    db,
    `SELECT c.member_id AS memberId, sum(c.paid_minor - c.refunded_minor) AS spend FROM sync_chain_purchases c
     WHERE c.at >= @since AND c.at <= @now AND NOT EXISTS (SELECT 1 FROM points_purchases p WHERE p.id = c.purchase_id)
     GROUP BY c.member_id`,
  ).all({ since, now }) as { memberId: string; spend: number }[];
}

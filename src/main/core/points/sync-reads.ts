import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import type { PushedLot } from '../../../shared/sync';

// Points' tables read for the sync area (its outbox and refused bonuses), kept apart from
// queries.ts so that sync can use them without an import cycle through award.ts.

/** For sync: the rule version a purchase was earned by (undefined: no such purchase). */
export function purchaseRuleVersion(db: ReadDb, purchaseId: string): number | undefined {
  return stmt(db, 'SELECT rule_version FROM points_purchases WHERE id = ?').pluck().get(purchaseId) as
    number | undefined;
}

/** For sync: the member's ledger already holds an entry with this reference. */
export function hasLedgerRef(db: ReadDb, memberId: string, refId: string): boolean {
  return stmt(db, 'SELECT 1 FROM points_ledger WHERE member_id = ? AND ref_id = ?').get(memberId, refId) !== undefined;
}

/**
 * For sync: the money of a refund whose entries a `points.ledger` op carries (their ref is the
 * refund's id): head office takes it off the purchase's chain spend. Null for every other
 * movement, and for a refund of nothing paid.
 */
export function refundOfEntries(
  db: ReadDb,
  refId: string,
): { refundId: string; purchaseId: string; amountMinor: number } | null {
  const r = stmt(
    db,
    `SELECT id AS refundId, purchase_id AS purchaseId, amount_minor AS amountMinor FROM points_refunds
     WHERE id = ? AND amount_minor > 0`,
  ).get(refId) as { refundId: string; purchaseId: string; amountMinor: number } | undefined;
  return r ?? null;
}

/** For sync: the refunds an operation wrote (by its op id), with their money and member. */
export function refundsOfOp(
  db: ReadDb,
  opId: string,
): { refundId: string; purchaseId: string; amountMinor: number; memberId: string }[] {
  return stmt(
    db,
    `SELECT id AS refundId, purchase_id AS purchaseId, amount_minor AS amountMinor, member_id AS memberId
     FROM points_refunds WHERE op_id = ? AND amount_minor > 0`,
  ).all(opId) as { refundId: string; purchaseId: string; amountMinor: number; memberId: string }[];
}

/**
 * For sync: how each of these credits expires, as its lots were formed (points/ledger.ts
 * keeps a lot whole even when a debt took it): one part per expiry moment, soonest first.
 * A credit whose points never expire is absent (the wire's default).
 */
export function expiringLotsOf(db: ReadDb, entryIds: readonly string[]): Map<string, PushedLot[]> {
  const rows = stmt(
    db,
    `SELECT entry_id AS entryId, expires_at AS expiresAt, sum(points) AS points FROM points_lots
     WHERE entry_id IN (SELECT value FROM json_each(?)) GROUP BY entry_id, expires_at
     ORDER BY entry_id, expires_at IS NULL, expires_at`,
  ).all(JSON.stringify(entryIds)) as (PushedLot & { entryId: string })[];
  const byEntry = new Map<string, PushedLot[]>();
  for (const { entryId, ...lot } of rows) {
    const lots = byEntry.get(entryId);
    if (lots) lots.push(lot);
    else byEntry.set(entryId, [lot]);
  }
  for (const [id, lots] of byEntry) if (lots.every((l) => l.expiresAt === null)) byEntry.delete(id);
  return byEntry;
}

import type { BalanceWire } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';

/**
 * A member's balance from head office (pulled, or answered with a redemption or a hold),
 * kept only if newer. `expiring` (migration 025): the dates head office will expire the
 * member's points at — null from a head office that does not send them.
 */
export function keepBalance(db: Db, b: BalanceWire): number {
  return stmt(
    db,
    `INSERT INTO sync_balances (member_id, balance, held, version, updated_at, expiring)
     VALUES (@member_id, @balance, @held, @version, @updated_at, @expiring)
     ON CONFLICT (member_id) DO UPDATE SET balance = excluded.balance, held = excluded.held,
       version = excluded.version, updated_at = excluded.updated_at, expiring = excluded.expiring
     WHERE excluded.version > sync_balances.version`,
  ).run({
    member_id: b.memberId,
    balance: b.balance,
    held: b.held,
    version: b.version,
    updated_at: b.updatedAt,
    expiring: b.expiring ? JSON.stringify(b.expiring) : null,
  }).changes;
}

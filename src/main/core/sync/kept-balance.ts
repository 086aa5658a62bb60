import type { BalanceWire } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';

/** A balance head office answered with (a redemption, a hold), kept like a pulled one: only if newer. */
export function keepBalance(db: Db, b: BalanceWire): void {
  stmt(
    db,
    `INSERT INTO sync_balances (member_id, balance, held, version, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (member_id) DO UPDATE SET balance = excluded.balance, held = excluded.held,
       version = excluded.version, updated_at = excluded.updated_at
     WHERE excluded.version > sync_balances.version`,
  ).run(b.memberId, b.balance, b.held, b.version, b.updatedAt);
}

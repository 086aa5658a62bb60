import type { Pool, PoolClient } from '../db/pool';
import { withTx } from '../db/tx';
import { newId } from '../ids';

/**
 * Chain mode's expiry (migration 015): head office holds the chain's lots, so it alone
 * expires points — one `expire` entry per member for exactly the points past their date.
 * The entry is an ordinary debit: the lots trigger consumes the soonest-expiring lots
 * first, which are exactly the due ones. The new balance reaches every terminal by the
 * pull like any other. Safe to run any number of times, and beside pushes: each member
 * is expired in a transaction holding its balance row.
 */
export async function expireMemberDue(db: PoolClient, memberId: string, now: number): Promise<number> {
  await db.query('SELECT 1 FROM balances WHERE member_id = $1 FOR UPDATE', [memberId]);
  const r = await db.query(
    'SELECT coalesce(sum(remaining), 0) AS due FROM point_lots WHERE member_id = $1 AND expires_at <= $2',
    [memberId, now],
  );
  const due = Number(r.rows[0].due);
  if (due <= 0) return 0;
  await db.query(
    `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, store_id, ref_id, occurred_at, recorded_at)
     VALUES ($1, $2, 'expire', $3, $4, NULL, NULL, 'expiry', $5, $5)`,
    [newId(), memberId, -due, newId(), now],
  );
  return due;
}

const BATCH = 500;

export async function runChainExpiry(pool: Pool, now: number): Promise<{ members: number; points: number }> {
  let members = 0;
  let points = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await pool.query(
      `SELECT DISTINCT member_id FROM point_lots WHERE expires_at <= $1 AND member_id > $2
       ORDER BY member_id LIMIT ${BATCH}`,
      [now, after],
    );
    const ids = page.rows.map((r) => r.member_id as string);
    for (const id of ids) {
      const expired = await withTx(pool, (db) => expireMemberDue(db, id, now));
      if (expired > 0) {
        members++;
        points += expired;
      }
    }
    if (ids.length < BATCH) return { members, points };
    after = ids[ids.length - 1];
  }
}

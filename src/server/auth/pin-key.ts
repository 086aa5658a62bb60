import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from '../db/pool';

/**
 * The chain PIN key (shared/sync/pins.ts): made once, on first use, and the same for every
 * terminal of the chain from then on. Two service processes enrolling at once both try the
 * insert; the primary key keeps the first and both read it back.
 */
export async function chainPinKey(db: Pool | PoolClient, now: number): Promise<string> {
  await db.query(
    `INSERT INTO chain_keys (name, secret, created_at) VALUES ('pin', $1, $2) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32), now],
  );
  const r = await db.query(`SELECT secret FROM chain_keys WHERE name = 'pin'`);
  return (r.rows[0].secret as Buffer).toString('base64');
}

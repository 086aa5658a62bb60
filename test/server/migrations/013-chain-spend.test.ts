import { describe, expect, it } from 'vitest';
import { MEMBER, TERMINAL, STORE, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const PURCHASE = '01900000-0000-7000-8000-0000000000a1';
const REFUND = '01900000-0000-7000-8000-0000000000b1';
const OP = '01900000-0000-7000-8000-0000000000c1';

describe('migration 013-chain-spend', () => {
  it('keeps purchases and refunds once each, moves the refunded total by trigger, and logs purchases for pull', async () => {
    const { pool, to } = await db();
    await to(12);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(13)).toEqual([13]);

    // A refund that arrives before its purchase (a parked op applied later) still counts.
    await pool.query(
      `INSERT INTO chain_refunds (refund_id, purchase_id, member_id, op_id, amount_minor, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, 300, 7, 7)`,
      [REFUND, PURCHASE, MEMBER, OP],
    );
    await pool.query(
      `INSERT INTO chain_purchases (purchase_id, member_id, op_id, terminal_id, store_id, paid_minor, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, 1000, 5, 6)`,
      [PURCHASE, MEMBER, OP, TERMINAL, STORE],
    );
    const row = await pool.query('SELECT refunded_minor::int AS r, version::int AS v FROM chain_purchases');
    expect(row.rows).toEqual([{ r: 300, v: 1 }]);
    await pool.query(
      `INSERT INTO chain_refunds (refund_id, purchase_id, member_id, op_id, amount_minor, occurred_at, recorded_at)
       VALUES ('01900000-0000-7000-8000-0000000000b2', $1, $2, $3, 200, 8, 8)`,
      [PURCHASE, MEMBER, OP],
    );
    expect((await pool.query('SELECT refunded_minor::int AS r, version::int AS v FROM chain_purchases')).rows).toEqual([
      { r: 500, v: 2 },
    ]);
    expect((await pool.query('SELECT * FROM chain_spend_check()')).rows).toEqual([]);
    // Each version reaches the pull log.
    const changes = await pool.query(
      "SELECT version::int AS v, data->>'refundedMinor' AS r FROM sync_changes WHERE entity = 'purchase' ORDER BY id",
    );
    expect(changes.rows).toEqual([
      { v: 1, r: '300' },
      { v: 2, r: '500' },
    ]);
    // Refunds are append-only; a refund of nothing is refused.
    await expect(pool.query('DELETE FROM chain_refunds')).rejects.toThrow(/append-only/);
    await expect(
      pool.query(
        `INSERT INTO chain_refunds (refund_id, purchase_id, member_id, op_id, amount_minor, occurred_at, recorded_at)
         VALUES ('01900000-0000-7000-8000-0000000000b3', $1, $2, $3, 0, 8, 8)`,
        [PURCHASE, MEMBER, OP],
      ),
    ).rejects.toThrow(/check/);
  });
});

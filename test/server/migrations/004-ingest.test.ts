import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 004-ingest', () => {
  it('adds the op log, conflicts, store receipts and online request records on top of 003', async () => {
    const { pool, to } = await db();
    await to(3);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(4)).toEqual([4]);
    const op = (seq: number) =>
      pool.query(
        `INSERT INTO sync_ops (op_id, terminal_id, store_id, seq, kind, payload_hash, payload, occurred_at, received_at, status)
         VALUES (gen_random_uuid(), $1, $2, $3, 'points.award', 'h', '{}', 1, 1, 'applied')`,
        [TERMINAL, STORE, seq],
      );
    await op(1);
    await expect(op(1)).rejects.toThrow(/unique/); // a sequence slot is used once
    await pool.query(
      `INSERT INTO store_receipts (store_id, receipt_key, receipt_no, op_id, terminal_id) VALUES ($1, 'r-1', 'R-1', gen_random_uuid(), $2)`,
      [STORE, TERMINAL],
    );
    await expect(
      pool.query(
        `INSERT INTO store_receipts (store_id, receipt_key, receipt_no, op_id, terminal_id) VALUES ($1, 'r-1', 'r-1', gen_random_uuid(), $2)`,
        [STORE, TERMINAL],
      ),
    ).rejects.toThrow(/duplicate key/);
    await expect(
      pool.query(
        `INSERT INTO sync_conflicts (terminal_id, seq, op_id, reason, payload_hash, payload, received_at)
         VALUES ($1, 2, gen_random_uuid(), 'whatever', 'h', '{}', 1)`,
        [TERMINAL],
      ),
    ).rejects.toThrow(/check/);
    expect((await pool.query('SELECT count(*) AS n FROM balances')).rows[0].n).toBe(1);
  });
});

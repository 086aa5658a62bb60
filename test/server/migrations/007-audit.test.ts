import { describe, expect, it } from 'vitest';
import { insertStoreAndTerminal, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 007-audit', () => {
  it('adds the terminals’ audit records and breaks on top of 006', async () => {
    const { pool, to } = await db();
    await to(6);
    await insertStoreAndTerminal(pool);
    expect(await to(7)).toEqual([7]);
    const rec = (seq: number) =>
      pool.query(
        `INSERT INTO audit_records (terminal_id, seq, id, at, action, details, prev_hash, hash, scheme, received_at)
         VALUES ($1, $2, gen_random_uuid(), 1, 'auth.signIn', '{}', 'p', 'h', 'sha256-chain-v1', 1)`,
        [TERMINAL, seq],
      );
    await rec(1);
    await expect(rec(1)).rejects.toThrow(/duplicate key/);
    await pool.query(
      `INSERT INTO audit_breaks (terminal_id, seq, reason, op_id, received_at) VALUES ($1, 1, 'rewritten', gen_random_uuid(), 1)`,
      [TERMINAL],
    );
    expect((await pool.query('SELECT count(*) AS n FROM audit_breaks')).rows[0].n).toBe(1);
  });
});

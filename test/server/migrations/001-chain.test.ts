import { describe, expect, it } from 'vitest';
import { insertStoreAndTerminal, STORE, tables, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 001-chain', () => {
  it('creates stores, enrolment codes and terminals on an empty database', async () => {
    const { pool, to } = await db();
    expect(await to(0)).toEqual([]);
    expect(await to(1)).toEqual([1]);
    expect(await tables(pool)).toEqual(['enrolment_codes', 'stores', 'terminals']);
    await insertStoreAndTerminal(pool);
    const t = await pool.query('SELECT next_seq, revoked_at FROM terminals WHERE id = $1', [TERMINAL]);
    expect(t.rows).toEqual([{ next_seq: 1, revoked_at: null }]);
    // A code is used by someone, or unused: never half.
    await expect(
      pool.query(
        `INSERT INTO enrolment_codes (code_hash, store_id, expires_at, used_at, created_at) VALUES ('\\x01', $1, 9, 2, 1)`,
        [STORE],
      ),
    ).rejects.toThrow(/check/);
    await expect(pool.query(`UPDATE terminals SET next_seq = 0`)).rejects.toThrow(/check/);
  });
});

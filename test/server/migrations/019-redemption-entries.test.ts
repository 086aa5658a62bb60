import { describe, expect, it } from 'vitest';
import { MEMBER, STORE, TERMINAL, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

const ENTRY = '01900000-0000-7000-8000-000000000010';
const REDEMPTION = '01900000-0000-7000-8000-000000000011';

describe('migration 019-redemption-entries', () => {
  it('keeps which redemption and reward a journal entry was, for redeem and redeem_void entries only', async () => {
    const { pool, to } = await db();
    await to(18);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await pool.query(
      `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, store_id, occurred_at, recorded_at)
       VALUES ($1, $2, 'earn', 100, $1, $3, $4, 1, 1)`,
      [ENTRY, MEMBER, TERMINAL, STORE],
    );
    expect(await to(19)).toEqual([19]);
    const insert = (kind: string, name: string, entry = ENTRY) =>
      pool.query(
        `INSERT INTO redemption_entries (entry_id, redemption_id, kind, reward_id, reward_name) VALUES ($1, $2, $3, NULL, $4)`,
        [entry, REDEMPTION, kind, name],
      );
    await expect(insert('earn', 'Coffee')).rejects.toThrow(/check constraint/);
    await expect(insert('redeem', '')).rejects.toThrow(/check constraint/);
    await expect(insert('redeem', 'Coffee', REDEMPTION)).rejects.toThrow(/foreign key/);
    await insert('redeem', 'Coffee');
    await expect(insert('redeem', 'Coffee')).rejects.toThrow(/duplicate key/);
    const rows = await pool.query('SELECT kind, reward_name FROM redemption_entries');
    expect(rows.rows).toEqual([{ kind: 'redeem', reward_name: 'Coffee' }]);
  });
});

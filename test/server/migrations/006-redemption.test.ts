import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, MEMBER, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 006-redemption', () => {
  it('adds holds and online redemptions on top of 005, keeping balances', async () => {
    const { pool, to } = await db();
    await to(5);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await pool.query(
      `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, occurred_at, recorded_at)
       VALUES ('01900000-0000-7000-8000-0000000000e1', $1, 'earn', 100, gen_random_uuid(), $2, 1, 1)`,
      [MEMBER, TERMINAL],
    );
    expect(await to(6)).toEqual([6]);
    expect((await pool.query('SELECT balance, held FROM balances')).rows).toEqual([{ balance: 100, held: 0 }]);
    expect((await pool.query('SELECT * FROM holds_check()')).rows).toEqual([]);
    await pool.query(
      `INSERT INTO holds (id, member_id, terminal_id, points, remaining, state, expires_at, created_at)
       VALUES (gen_random_uuid(), $1, $2, 40, 40, 'active', 99, 1)`,
      [MEMBER, TERMINAL],
    );
    // held not raised with it: the check function says so.
    expect((await pool.query('SELECT cached_held, holds FROM holds_check()')).rows).toEqual([
      { cached_held: 0, holds: 40 },
    ]);
    await expect(pool.query(`UPDATE holds SET state = 'used'`)).rejects.toThrow(/check/); // closed_at needed
    await expect(pool.query(`UPDATE holds SET remaining = 41`)).rejects.toThrow(/check/);
    await pool.query(
      `INSERT INTO online_redemptions (id, member_id, terminal_id, store_id, points, entry_id, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 10, '01900000-0000-7000-8000-0000000000e1', 1)`,
      [MEMBER, TERMINAL, STORE],
    );
    await expect(
      pool.query(
        `INSERT INTO online_redemptions (id, member_id, terminal_id, store_id, points, entry_id, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 10, gen_random_uuid(), 1)`,
        [MEMBER, TERMINAL, STORE],
      ),
    ).rejects.toThrow(/foreign key/);
  });
});

import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, MEMBER, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const entry = (points: number, id = 'gen_random_uuid()') =>
  `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, occurred_at, recorded_at)
   VALUES (${id}, '${MEMBER}', 'adjust', ${points}, gen_random_uuid(), '${TERMINAL}', 1, 7)`;

describe('migration 003-journal', () => {
  it('adds the append-only journal and balances; members from before get a zero balance', async () => {
    const { pool, to } = await db();
    await to(2);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(3)).toEqual([3]);
    expect((await pool.query('SELECT balance, held, version FROM balances')).rows).toEqual([
      { balance: 0, held: 0, version: 1 },
    ]);
    await pool.query(entry(30));
    await pool.query(entry(-12));
    expect((await pool.query('SELECT balance FROM balances')).rows[0].balance).toBe(18);
    expect((await pool.query('SELECT * FROM journal_check()')).rows).toEqual([]);
    await expect(pool.query('UPDATE journal SET points = 1')).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM journal')).rejects.toThrow(/append-only/);
    await expect(pool.query(entry(0))).rejects.toThrow(/check/);
    await pool.query('UPDATE balances SET balance = 99');
    expect((await pool.query('SELECT member_id, cached, journal FROM journal_check()')).rows).toEqual([
      { member_id: MEMBER, cached: 99, journal: 18 },
    ]);
  });
});

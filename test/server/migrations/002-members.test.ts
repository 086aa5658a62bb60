import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, MEMBER, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 002-members', () => {
  it('adds members, card blocks and merges on top of 001, keeping stores and terminals', async () => {
    const { pool, to } = await db();
    await to(1);
    await insertStoreAndTerminal(pool);
    expect(await to(2)).toEqual([2]);
    expect((await pool.query('SELECT count(*) AS n FROM terminals')).rows[0].n).toBe(1);
    await insertMember(pool);
    await pool.query(`UPDATE members SET name = 'Wang Fang' WHERE id = $1`, [MEMBER]);
    await pool.query(`UPDATE members SET phone = '+8613800000000' WHERE id = $1`, [MEMBER]);
    expect((await pool.query('SELECT version FROM members')).rows[0].version).toBe(3);
    // Phones are not unique: duplicates wait for a manager's merge.
    await pool.query(
      `INSERT INTO members (id, card_number, name, phone, created_at, updated_at) VALUES (gen_random_uuid(), '2900000000024', 'W', '+8613800000000', 1, 1)`,
    );
    await expect(
      pool.query(
        `INSERT INTO members (id, card_number, name, created_at, updated_at) VALUES (gen_random_uuid(), '2900000000017', 'X', 1, 1)`,
      ),
    ).rejects.toThrow(/card_number/);
    await expect(pool.query(`UPDATE members SET merged_into = id`)).rejects.toThrow(/check/);
    expect((await pool.query('SELECT prefix, next_body FROM card_block_counter')).rows).toEqual([
      { prefix: '28', next_body: 0 },
    ]);
    await pool.query(
      `INSERT INTO card_blocks (id, terminal_id, store_id, prefix, first_body, size, issued_at) VALUES (gen_random_uuid(), $1, $2, '28', 0, 10, 1)`,
      [TERMINAL, STORE],
    );
    await expect(
      pool.query(
        `INSERT INTO card_blocks (id, terminal_id, store_id, prefix, first_body, size, issued_at) VALUES (gen_random_uuid(), $1, $2, '28', 0, 5, 1)`,
        [TERMINAL, STORE],
      ),
    ).rejects.toThrow(/unique/);
  });
});

import { describe, expect, it } from 'vitest';
import { insertStoreAndTerminal, STORE, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 005-catalogue', () => {
  it('adds immutable, versioned rule sets and versioned rewards on top of 004', async () => {
    const { pool, to } = await db();
    await to(4);
    await insertStoreAndTerminal(pool);
    expect(await to(5)).toEqual([5]);
    const rule = (store: string | null) =>
      pool.query(
        `INSERT INTO rule_sets (id, store_id, effective_from, rules, created_at) VALUES (gen_random_uuid(), $1, 0, '{}', 1) RETURNING version`,
        [store],
      );
    expect((await rule(null)).rows[0].version).toBe(1);
    expect((await rule(STORE)).rows[0].version).toBe(2);
    await expect(pool.query(`UPDATE rule_sets SET effective_from = 5`)).rejects.toThrow(/immutable/);
    await expect(pool.query(`DELETE FROM rule_sets`)).rejects.toThrow(/immutable/);
    await pool.query(
      `INSERT INTO rewards (id, store_id, name, kind, cost_points, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'Mug', 'goods', 50, 1, 1)`,
      [STORE],
    );
    await pool.query(`UPDATE rewards SET cost_points = 60`);
    expect((await pool.query('SELECT version FROM rewards')).rows[0].version).toBe(2);
    await expect(pool.query(`UPDATE rewards SET cost_points = 0`)).rejects.toThrow(/check/);
  });
});

import { describe, expect, it } from 'vitest';
import { TERMINAL, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 018-terminal-allowance', () => {
  it('keeps what each terminal says its offline allowance is: unknown for terminals from before, never negative', async () => {
    const { pool, to } = await db();
    await to(17);
    await insertStoreAndTerminal(pool);
    expect(await to(18)).toEqual([18]);
    const allowance = async () =>
      (await pool.query('SELECT offline_allowance_points AS a FROM terminals WHERE id = $1', [TERMINAL])).rows[0].a;
    expect(await allowance()).toBeNull();
    await pool.query('UPDATE terminals SET offline_allowance_points = 500 WHERE id = $1', [TERMINAL]);
    expect(await allowance()).toBe(500);
    await expect(
      pool.query('UPDATE terminals SET offline_allowance_points = -1 WHERE id = $1', [TERMINAL]),
    ).rejects.toThrow(/check constraint/);
  });
});

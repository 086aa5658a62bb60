import { describe, expect, it } from 'vitest';
import { insertStoreAndTerminal, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 012-admin-actions', () => {
  it('adds head office’s own trail, append-only: an action is recorded, never changed or removed', async () => {
    const { pool, to } = await db();
    await to(11);
    await insertStoreAndTerminal(pool);
    expect(await to(12)).toEqual([12]);
    await pool.query(
      `INSERT INTO admin_actions (at, action, store_id, terminal_id, details) VALUES (5, 'terminal.revoked', $1, $2, $3)`,
      [STORE, TERMINAL, JSON.stringify({ name: 'T' })],
    );
    const rows = await pool.query('SELECT id, at, action, store_id, terminal_id, details FROM admin_actions');
    expect(rows.rows).toEqual([
      { id: 1, at: 5, action: 'terminal.revoked', store_id: STORE, terminal_id: TERMINAL, details: { name: 'T' } },
    ]);
    await expect(pool.query(`UPDATE admin_actions SET action = 'store.created'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM admin_actions')).rejects.toThrow(/append-only/);
    // An action names a store and terminal that exist.
    await expect(
      pool.query(`INSERT INTO admin_actions (at, action, store_id) VALUES (6, 'store.created', $1)`, [TERMINAL]),
    ).rejects.toThrow(/foreign key/);
  });
});

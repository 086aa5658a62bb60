import { describe, expect, it } from 'vitest';
import { insertStoreAndTerminal, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 009-terminal-seen', () => {
  it('adds when each terminal last pushed and pulled; terminals enrolled before have neither yet', async () => {
    const { pool, to } = await db();
    await to(8);
    await insertStoreAndTerminal(pool);
    await pool.query('UPDATE terminals SET last_seen_at = 7 WHERE id = $1', [TERMINAL]);
    expect(await to(9)).toEqual([9]);
    const before = await pool.query('SELECT last_seen_at, last_push_at, last_pull_at FROM terminals');
    expect(before.rows).toEqual([{ last_seen_at: 7, last_push_at: null, last_pull_at: null }]);
    await pool.query('UPDATE terminals SET last_push_at = 8, last_pull_at = 9 WHERE id = $1', [TERMINAL]);
    const after = await pool.query('SELECT last_push_at, last_pull_at FROM terminals');
    expect(after.rows).toEqual([{ last_push_at: 8, last_pull_at: 9 }]);
  });
});

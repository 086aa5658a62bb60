import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, MEMBER, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 008-changes', () => {
  it('adds the pull change log: later writes append wire rows with their transaction id; older rows are left to the download', async () => {
    const { pool, to } = await db();
    await to(7);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(8)).toEqual([8]);
    expect((await pool.query('SELECT count(*) AS n FROM sync_changes')).rows[0].n).toBe(0);
    expect((await pool.query(`SELECT pruned_below::text AS p FROM sync_horizon`)).rows).toEqual([{ p: '0' }]);

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const xid = (await client.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x;
      await client.query(`UPDATE members SET name = 'Wang Fang', updated_at = 9 WHERE id = $1`, [MEMBER]);
      await client.query(
        `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, occurred_at, recorded_at)
         VALUES (gen_random_uuid(), $1, 'earn', 25, gen_random_uuid(), $2, 1, 9)`,
        [MEMBER, TERMINAL],
      );
      await client.query(
        `INSERT INTO rewards (id, store_id, name, kind, cost_points, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'Mug', 'goods', 50, 1, 1)`,
        [STORE],
      );
      await client.query('COMMIT');
      const rows = await pool.query(`SELECT txid::text AS txid, store_id, entity, data FROM sync_changes ORDER BY id`);
      expect(rows.rows.map((r) => [r.txid, r.entity, r.store_id])).toEqual([
        [xid, 'member', null],
        [xid, 'balance', null],
        [xid, 'reward', STORE],
      ]);
      expect(rows.rows[0].data).toEqual({
        id: MEMBER,
        cardNumber: '2900000000017',
        name: 'Wang Fang',
        phone: null,
        email: null,
        birthday: null,
        marketingConsent: false,
        active: true,
        erased: false,
        mergedInto: null,
        homeStoreId: STORE,
        version: 2,
        createdAt: 5,
        updatedAt: 9,
      });
      expect(rows.rows[1].data).toMatchObject({ memberId: MEMBER, balance: 25, held: 0, version: 2 });
    } finally {
      client.release();
    }
  });
});

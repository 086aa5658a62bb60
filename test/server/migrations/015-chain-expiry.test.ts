import { describe, expect, it } from 'vitest';
import type { Pool } from '../../../src/server/db/pool';
import { MEMBER, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const OTHER = '01900000-0000-7000-8000-0000000000e2';
const OP = '01900000-0000-7000-8000-0000000000c1';
let n = 0;
const entryId = () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

async function journal(pool: Pool, member: string, points: number, lots: unknown = null) {
  await pool.query(
    `INSERT INTO journal (id, member_id, kind, points, op_id, occurred_at, recorded_at, lots)
     VALUES ($1, $2, $3, $4, $5, 1, 1, $6)`,
    [entryId(), member, points > 0 ? 'earn' : 'redeem', points, OP, lots === null ? null : JSON.stringify(lots)],
  );
}
const lotsOf = async (pool: Pool, member: string) =>
  (
    await pool.query(
      'SELECT remaining::int AS r, expires_at::int AS e FROM point_lots WHERE member_id = $1 ORDER BY expires_at NULLS LAST, id',
      [member],
    )
  ).rows;
const wire = async (pool: Pool, member: string) =>
  (await pool.query('SELECT balance_wire(b) AS w FROM balances b WHERE member_id = $1', [member])).rows[0].w;

describe('migration 015-chain-expiry', () => {
  it('back-fills a never-expiring lot per positive balance, then keeps the lots by the terminal’s rules', async () => {
    const { pool, to } = await db();
    await to(14);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await insertMember(pool, OTHER, '2900000000024');
    await pool.query(
      `INSERT INTO journal (id, member_id, kind, points, op_id, occurred_at, recorded_at) VALUES ($1, $2, 'earn', 70, $3, 1, 1)`,
      [entryId(), MEMBER, OP],
    );
    expect(await to(15)).toEqual([15]);
    expect(await lotsOf(pool, MEMBER)).toEqual([{ r: 70, e: null }]);
    expect(await lotsOf(pool, OTHER)).toEqual([]);

    // A credit with two dated parts and a never-expiring rest.
    await journal(pool, MEMBER, 100, [
      { points: 30, expiresAt: 2000 },
      { points: 50, expiresAt: 1000 },
    ]);
    expect(await lotsOf(pool, MEMBER)).toEqual([
      { r: 50, e: 1000 },
      { r: 30, e: 2000 },
      { r: 70, e: null },
      { r: 20, e: null },
    ]);
    expect((await wire(pool, MEMBER)).expiring).toEqual([
      { points: 50, expiresAt: 1000 },
      { points: 30, expiresAt: 2000 },
    ]);
    // A debit takes the soonest-expiring first, never-expiring last.
    await journal(pool, MEMBER, -60);
    expect(await lotsOf(pool, MEMBER)).toEqual([
      { r: 20, e: 2000 },
      { r: 70, e: null },
      { r: 20, e: null },
    ]);
    // Past every lot: the rest is a debt, which the next credit pays from its soonest part.
    await journal(pool, MEMBER, -150);
    expect(await lotsOf(pool, MEMBER)).toEqual([]);
    await journal(pool, MEMBER, 80, [
      { points: 40, expiresAt: 500 },
      { points: 40, expiresAt: 3000 },
    ]);
    expect(await lotsOf(pool, MEMBER)).toEqual([{ r: 40, e: 3000 }]);
    expect((await wire(pool, OTHER)).expiring).toEqual([]);
    expect((await pool.query('SELECT * FROM lots_check()')).rows).toEqual([]);
    expect((await pool.query('SELECT * FROM journal_check()')).rows).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Pool } from '../../../src/server/db/pool';
import { MEMBER, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const OP = '01900000-0000-7000-8000-0000000000c1';
let n = 0;
const entryId = () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

async function stamp(pool: Pool, goalKey: string, amount: number) {
  await pool.query(
    `INSERT INTO goal_journal (id, member_id, goal_key, kind, amount, op_id, occurred_at, recorded_at)
     VALUES ($1, $2, $3, 'progress', $4, $5, 1, 1)`,
    [entryId(), MEMBER, goalKey, amount, OP],
  );
}
const goalChanges = async (pool: Pool) =>
  (
    await pool.query(
      "SELECT version::int AS v, data FROM sync_changes WHERE entity = 'goal' AND entity_id = $1 ORDER BY id",
      [MEMBER],
    )
  ).rows as { v: number; data: { goals: unknown; version: number } }[];

describe('migration 017-pull-goal-balances', () => {
  it('sends each member’s cards to every store: rows from before it at once, then every change, with a growing version', async () => {
    const { pool, to } = await db();
    await to(16);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await stamp(pool, 'coffee', 3);
    expect(await to(17)).toEqual([17]);
    const first = await goalChanges(pool);
    expect(first).toHaveLength(1);
    expect(first[0].data).toMatchObject({ memberId: MEMBER, goals: [{ goalKey: 'coffee', balance: 3 }] });
    expect(first[0].data.version).toBe(first[0].v);

    await stamp(pool, 'tea', 1);
    await stamp(pool, 'coffee', 2);
    const all = await goalChanges(pool);
    expect(all.map((c) => c.data.goals)).toEqual([
      [{ goalKey: 'coffee', balance: 3 }],
      [
        { goalKey: 'coffee', balance: 3 },
        { goalKey: 'tea', balance: 1 },
      ],
      [
        { goalKey: 'coffee', balance: 5 },
        { goalKey: 'tea', balance: 1 },
      ],
    ]);
    const versions = all.map((c) => c.v);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(3);
    expect(all.every((c) => c.data.version === c.v)).toBe(true);
  });
});

import { afterAll, beforeAll, inject } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import { createPool, type Pool } from '../../../src/server/db/pool';
import { attachPgCluster, startPgCluster, type PgCluster } from '../pg-cluster';

/** A cluster for one migration test file; each test gets an empty database and a pool on it. */
export function useMigrationDb() {
  let cluster: PgCluster | null = null;
  const pools: Pool[] = [];
  let n = 0;
  beforeAll(async () => {
    const shared = inject('perkdeskPgUrl');
    cluster = shared ? attachPgCluster(shared) : await startPgCluster();
  }, 60_000);
  afterAll(async () => {
    for (const p of pools) await p.end();
    cluster?.stop();
  });
  return async (): Promise<{ pool: Pool; to: (v: number) => Promise<number[]> }> => {
    const pool = createPool(await cluster!.createDatabase(`m_${process.pid}_${++n}`), { max: 4 });
    pools.push(pool);
    return { pool, to: (v) => migrate(pool, { to: v }) };
  };
}

export const STORE = '01900000-0000-7000-8000-000000000001';
export const TERMINAL = '01900000-0000-7000-8000-000000000002';
export const MEMBER = '01900000-0000-7000-8000-000000000003';

export async function insertStoreAndTerminal(pool: Pool) {
  await pool.query(`INSERT INTO stores (id, name, created_at) VALUES ($1, 'A', 1)`, [STORE]);
  await pool.query(
    `INSERT INTO terminals (id, store_id, name, secret_hash, enrolled_at) VALUES ($1, $2, 'T', '\\x00', 1)`,
    [TERMINAL, STORE],
  );
}

export async function insertMember(pool: Pool, id = MEMBER, card = '2900000000017') {
  await pool.query(
    `INSERT INTO members (id, card_number, name, created_at, updated_at, home_store_id) VALUES ($1, $2, 'Wang', 5, 5, $3)`,
    [id, card, STORE],
  );
}

export async function tables(pool: Pool): Promise<string[]> {
  const r = await pool.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
  );
  return r.rows.map((x) => x.tablename);
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

/**
 * Plain SQL migrations, numbered like the terminal's (`001-chain.sql`, …): each file runs
 * in one transaction together with its row in `schema_migrations`, under an advisory
 * lock so that two service instances starting at once do not both migrate. A database
 * from a newer service version is refused rather than written to.
 */

export interface SqlMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant: the key of the advisory lock held while migrating. */
const MIGRATION_LOCK = 7_240_312;

export function loadMigrations(dir = MIGRATIONS_DIR): SqlMigration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 3));
    if (version !== i + 1) throw new Error(`migration ${file} has version ${version}, expected ${i + 1}`);
    return { version, name: file.replace(/\.sql$/, ''), sql: readFileSync(`${dir}/${file}`, 'utf8') };
  });
}

export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`This database has head office schema version ${found}; this service understands up to ${supported}.`);
    this.name = 'NewerSchemaError';
  }
}

export async function schemaVersion(pool: Pool): Promise<number> {
  const exists = await pool.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return 0;
  const r = await pool.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  return Number(r.rows[0].v);
}

/** Brings the schema up to `to` (default: the latest). Returns the versions applied. */
export async function migrate(pool: Pool, opts: { to?: number; migrations?: SqlMigration[] } = {}): Promise<number[]> {
  const migrations = opts.migrations ?? loadMigrations();
  const latest = migrations.length;
  const target = opts.to ?? latest;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = Number(
      (await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v,
    );
    if (current > latest) throw new NewerSchemaError(current, latest);
    const applied: number[] = [];
    for (const m of migrations.filter((x) => x.version > current && x.version <= target)) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

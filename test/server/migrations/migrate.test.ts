import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, NewerSchemaError, schemaVersion } from '../../../src/server/db/migrate';
import { useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('head office migrations', () => {
  it('are numbered 001… without gaps, apply once, and two services starting together migrate once', async () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const { pool } = await db();
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    expect(results.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
    expect(await schemaVersion(pool)).toBe(migrations.length);
    expect(await migrate(pool)).toEqual([]);
  });

  it('refuse a database from a newer service, and roll back a failing step', async () => {
    const { pool } = await db();
    await migrate(pool);
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (999, '999-future')`);
    await expect(migrate(pool)).rejects.toBeInstanceOf(NewerSchemaError);

    const fresh = await db();
    const broken = [
      ...loadMigrations().slice(0, 1),
      { version: 2, name: '002-broken', sql: 'CREATE TABLE x (); SELECT 1/0;' },
    ];
    await expect(migrate(fresh.pool, { migrations: broken })).rejects.toThrow(/002-broken failed/);
    expect(await schemaVersion(fresh.pool)).toBe(1);
    expect((await fresh.pool.query(`SELECT to_regclass('x') AS t`)).rows[0].t).toBeNull();
  });
});

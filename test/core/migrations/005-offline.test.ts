import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 005-offline', () => {
  it('adds export_runs to a version-4 database with data, STRICT and checked', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m5-')), 'db.sqlite'));
    migrate(db, { to: 4 });
    db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', 't1')").run();
    migrate(db, { to: 5 });
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get()).toBe('t1');
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'export_runs'").pluck().get() as string;
    expect(sql).toMatch(/STRICT\s*$/);
    const insert = (status: string, startedAt: unknown) =>
      db
        .prepare(
          `INSERT INTO export_runs (id, started_at, finished_at, kind, trigger, status, folder_root, formats)
           VALUES (?, ?, 1, 'full', 'manual', ?, '/x', '["csv"]')`,
        )
        .run(`r-${Math.random()}`, startedAt, status);
    insert('ok', 1);
    expect(() => insert('maybe', 1)).toThrow(); // CHECK
    expect(() => insert('ok', 'yesterday')).toThrow(); // STRICT
    expect(db.prepare('SELECT watermark, row_counts FROM export_runs').get()).toEqual({
      watermark: '{}',
      row_counts: '{}',
    });
    db.close();
  });
});

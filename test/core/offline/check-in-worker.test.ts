import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatabaseFile } from '../../../src/main/core/offline/backup/backup-files';
import { checkDatabaseFileOffThread } from '../../../src/main/core/offline/backup/check-in-worker';

describe('quick_check of a backup off the main thread', () => {
  it('gives the same answer as the inline check, while the event loop keeps turning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-worker-'));
    const path = join(dir, 'big.sqlite');
    const db = new Database(path);
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('terminal_id', 't-1');");
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);');
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 200_000; i++) ins.run(`value ${i} ${'x'.repeat(40)}`);
    })();
    db.pragma('user_version = 5');
    db.close();

    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const off = await checkDatabaseFileOffThread(path);
    clearInterval(timer);
    expect(off).toEqual(checkDatabaseFile(path));
    expect(off).toMatchObject({ ok: true, schemaVersion: 5, terminalId: 't-1' });
    expect(ticks).toBeGreaterThan(0); // the main thread was free while SQLite checked

    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all'.repeat(500));
    const bad = await checkDatabaseFileOffThread(junk);
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatch(/not a database/);
  });
});

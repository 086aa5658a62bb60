import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalBytes, recordMac, sha256Hex, type AuditRow } from '../../src/main/core/audit/chain';
import { deriveCoreKeys } from '../../src/main/core/keys/derive';
import { fileKeyStore } from '../../src/main/core/keys/key-store';
import type { TestCore } from '../helpers/core';

/** Every file the store keeps on disk: the database, its WAL and shared memory. */
export function storeFiles(core: TestCore): string[] {
  const db = core.config.dbPath;
  return [db, `${db}-wal`, `${db}-shm`].filter((p) => existsSync(p));
}

/** Which of `needles` occur anywhere in these files' bytes (UTF-8 and UTF-16LE, as SQLite may store text). */
export function bytesFound(files: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const n of needles) {
      if (bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')))
        found.push(`${n} in ${f}`);
    }
  }
  return found;
}

export const walSize = (core: TestCore) => {
  const p = `${core.config.dbPath}-wal`;
  return existsSync(p) ? statSync(p).size : 0;
};

/** Waits for work scheduled "after commit" (setImmediate / short timers) to run. */
export async function settle(ms = 20): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export async function award(core: TestCore, token: string, memberId: string, receiptNo: string, totalMinor = 10_000) {
  return core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor }, token);
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export async function configureExport(
  core: TestCore,
  token: string,
  dir: string,
  formats: ('csv' | 'jsonl')[] = ['jsonl'],
) {
  await core.ok(
    'offline:exportConfig',
    { exportDir: dir, exportEveryHours: 0, exportClosingTime: '', exportFormats: formats, exportCsvBom: false },
    token,
  );
}

/**
 * The file attacker's tool: change one record's details and re-link everything after it.
 * - 'sha256': recompute every later hash with SHA-256, as the old unkeyed chain allowed;
 * - 'relabel': the same, and mark the records as unkeyed history;
 * - 'withKey': an insider who has the terminal's key file recomputes the HMACs.
 * Works on any connection to the file (the live one or one opened behind the app's back).
 */
export function rewriteRecord(
  db: Database.Database,
  seq: number,
  details: Record<string, unknown>,
  mode: 'sha256' | 'relabel' | 'withKey',
  keyFile?: string,
): void {
  const key = mode === 'withKey' ? deriveCoreKeys(fileKeyStore(keyFile!).read()!).audit : null;
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(seq) as AuditRow[];
  let prev = rows[0].prev_hash;
  const update = db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ?, link = ? WHERE seq = ?');
  for (const r of rows) {
    const row = { ...r, prev_hash: prev, details: r.seq === seq ? JSON.stringify(details) : r.details };
    const hash = key ? recordMac(key, row) : sha256Hex(canonicalBytes(row));
    update.run(row.details, prev, hash, mode === 'relabel' ? 'sha256' : r.link, r.seq);
    prev = hash;
  }
}

/** Removes every record from `seq` on. */
export function truncateFrom(db: Database.Database, seq: number): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_delete');
  db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(seq);
}

/** The store file opened behind the app's back (the app closed). */
export function openBehindTheAppsBack(path: string): Database.Database {
  return new Database(path);
}

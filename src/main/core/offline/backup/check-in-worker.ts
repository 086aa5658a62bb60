import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkDatabaseFile, type FileCheck } from './backup-files';
import { backgroundNice } from '../../background-thread';

/**
 * `quick_check` of a backup copy in a worker thread. On a multi-GB store it takes many
 * seconds (2 s for 1.1 GB measured here), and run on the main thread it would stall
 * every IPC call of the counter for that long during a scheduled backup.
 *
 * The worker is plain CommonJS passed as source (no separate file for the bundler to
 * find); it loads the same better-sqlite3 module and addon as the core. If a worker
 * cannot be started, the check runs inline: slower for the counter, never skipped.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
// At a lower CPU priority than the counter (core/background-thread.ts; null where it would be the whole process's).
if (workerData.nice !== null) try { require('node:os').setPriority(workerData.nice); } catch {}
let db = null;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  let problems;
  if (workerData.perTable) {
    // One table (with its indexes) per statement: each is its own short read snapshot,
    // so checkpoints run between them instead of waiting for one whole-file read.
    problems = [];
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    for (const t of ['sqlite_schema', ...tables]) {
      const rows = db.pragma('quick_check(' + JSON.stringify(t) + ')');
      for (const r of rows) if (r.quick_check !== 'ok') problems.push(r.quick_check);
    }
  } else {
    problems = db.pragma('quick_check').map((r) => r.quick_check).filter((r) => r !== 'ok');
  }
  const schemaVersion = db.pragma('user_version', { simple: true });
  let terminalId = null;
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").get();
    terminalId = row ? row.value : null;
  } catch (e) {
    problems.push('no meta table: not a PerkDesk database');
  }
  parentPort.postMessage({ ok: problems.length === 0, problems, schemaVersion, terminalId });
} catch (err) {
  parentPort.postMessage({ ok: false, problems: [String(err && err.message || err)], schemaVersion: 0, terminalId: null });
} finally {
  if (db) db.close();
}
`;

function betterSqlitePath(): string | null {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return null;
  }
}

/**
 * `perTable`: the live store at start-up (issue 13): `quick_check(table)` one table at a
 * time, never one read snapshot over the whole file (which blocked checkpoints for 20–113 s
 * at 1M members and let the WAL grow to 110 MB). The largest table is still one step.
 */
export function checkDatabaseFileOffThread(path: string, opts: { perTable?: boolean } = {}): Promise<FileCheck> {
  const modulePath = betterSqlitePath();
  const inline = () => checkDatabaseFile(path);
  if (!modulePath) return Promise.resolve(inline());
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: FileCheck) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { modulePath, path, perTable: opts.perTable === true, nice: backgroundNice() },
      });
    } catch {
      done(inline());
      return;
    }
    worker.once('message', (m: FileCheck) => done(m));
    // Only when no answer came (settled first: never run the check twice).
    worker.once('error', () => settled || done(inline()));
    worker.once('exit', () => settled || done(inline()));
  });
}

import Database from 'better-sqlite3';
import { seededRandom, summarize, timeEach, type BenchResult } from './stats';

/**
 * The bare better-sqlite3 baseline, measured in the same run as the app's numbers, with
 * the app's pragmas (WAL, synchronous=FULL): what this machine can do with no dispatcher,
 * no validation and no domain logic. Each app result's `ratio` is its p50 over the
 * matching baseline's p50, so "award: ratio 3" reads "three bare durable writes".
 *
 *   baseline.read_key    point lookup on a unique TEXT key among N rows   (lookup.card, lookup.phone)
 *   baseline.read_range  indexed equality range, LIMIT 20                  (lookup.phone_last4, lookup.name*)
 *   baseline.write_txn   one IMMEDIATE transaction: INSERT + UPDATE, commit (award, redeem)
 *   baseline.scan        iterate the dataset's ledger (first 2M rows): rows/s  (export.ledger, per row)
 *   baseline.open        open the dataset file, pragmas, first point query  (startup)
 */
function openBare(path: string, readonly = false) {
  const db = new Database(path, { readonly });
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

const SCAN_ROWS = 2_000_000;

const keyOf = (i: number) => String(1_000_000_000_000 + i);

/** The synthetic table: N member-like rows. Built once per size and cached. */
export function buildBaseline(path: string, rows: number): void {
  const db = openBare(path);
  db.exec(`
    CREATE TABLE t (seq INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    last4 TEXT NOT NULL, balance INTEGER NOT NULL) STRICT;
    CREATE INDEX t_last4 ON t(last4);
    CREATE TABLE w (seq INTEGER PRIMARY KEY, member INTEGER NOT NULL, points INTEGER NOT NULL,
                    op TEXT NOT NULL UNIQUE, at INTEGER NOT NULL) STRICT;
  `);
  const ins = db.prepare('INSERT INTO t (seq, k, name, last4, balance) VALUES (?, ?, ?, ?, 0)');
  db.transaction(() => {
    for (let i = 1; i <= rows; i++) ins.run(i, keyOf(i), `Member ${i}`, String(i % 10_000).padStart(4, '0'));
  })();
  db.close();
}

export interface BaselineOptions {
  baselinePath: string;
  rows: number;
  /** The generated app database, for the scan and open baselines. */
  datasetPath: string;
  seed: number;
  iterations?: number;
}

export async function runBaseline(opts: BaselineOptions): Promise<Record<string, BenchResult>> {
  const random = seededRandom(opts.seed);
  const n = opts.iterations ?? 2000;
  const out: Record<string, BenchResult> = {};
  const db = openBare(opts.baselinePath);

  const byKey = db.prepare('SELECT * FROM t WHERE k = ?');
  out['baseline.read_key'] = summarize(
    await timeEach(() => byKey.get(keyOf(1 + Math.floor(random() * opts.rows))), { iterations: n, warmup: 100 }),
  );
  const byLast4 = db.prepare('SELECT * FROM t WHERE last4 = ? LIMIT 20');
  out['baseline.read_range'] = summarize(
    await timeEach(() => byLast4.all(String(Math.floor(random() * 10_000)).padStart(4, '0')), {
      iterations: n,
      warmup: 100,
    }),
  );
  const ins = db.prepare('INSERT INTO w (member, points, op, at) VALUES (?, ?, ?, ?)');
  const upd = db.prepare('UPDATE t SET balance = balance + ? WHERE seq = ?');
  const write = db.transaction((member: number, points: number) => {
    ins.run(member, points, `${process.pid}-${performance.now()}-${random()}`, Date.now());
    upd.run(points, member);
  });
  out['baseline.write_txn'] = summarize(
    await timeEach(() => write.immediate(1 + Math.floor(random() * opts.rows), 1 + Math.floor(random() * 500)), {
      iterations: Math.min(n, 1000),
      warmup: 20,
    }),
  );
  db.close();

  // Scan: the same rows export.ledger reads, read bare.
  const data = openBare(opts.datasetPath, true);
  const hasLedger = data.prepare("SELECT 1 FROM sqlite_master WHERE name = 'points_ledger'").get() !== undefined;
  const scanTable = hasLedger ? 'points_ledger' : null;
  if (scanTable) {
    // Up to SCAN_ROWS rows: the rate is what export.ledger is compared with, and reading
    // all of a 10M-entry ledger twice (here and in the export) would double the run.
    let rows = 0;
    const t0 = performance.now();
    const scan = data.prepare(`SELECT * FROM ${scanTable} ORDER BY rowid LIMIT ?`).raw();
    for (const _row of scan.iterate(SCAN_ROWS)) rows++;
    const ms = performance.now() - t0;
    out['baseline.scan'] = {
      p50_ms: Math.round(ms),
      ops_per_s: Math.round((rows * 1000) / ms),
      rows,
      table: scanTable,
    };
  }
  const card = data.prepare("SELECT 1 FROM sqlite_master WHERE name = 'members'").get()
    ? (data.prepare('SELECT card_number FROM members ORDER BY seq DESC LIMIT 1').get() as
        { card_number: string } | undefined)
    : undefined;
  data.close();

  // Open: what any SQLite app pays before its first answer on this file.
  out['baseline.open'] = summarize(
    await timeEach(
      () => {
        const d = openBare(opts.datasetPath);
        if (card) d.prepare('SELECT * FROM members WHERE card_number = ?').get(card.card_number);
        else d.prepare('SELECT count(*) FROM sqlite_master').get();
        d.close();
      },
      { iterations: 20, warmup: 2 },
    ),
  );
  return out;
}

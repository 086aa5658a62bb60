import type Database from 'better-sqlite3';
import {
  REPORT_TRIGGERS,
  createReportTriggers,
  rebuildReportHours,
} from '../src/main/core/db/migrations/011-report-summaries';
import {
  MEMBER_TOTALS_TRIGGERS,
  createMemberTotalsTriggers,
  rebuildMemberTotals,
} from '../src/main/core/db/migrations/016-member-totals';
import {
  TIER_SPEND_TRIGGERS,
  createTierSpendTriggers,
  hasTierSpend,
  rebuildTierSpendAt,
} from '../src/main/core/db/migrations/022-tier-spend';
import { receiptKey } from '../src/shared/receipt-no';
import type { Db } from '../src/main/core/db/open-database';
import { CHECKED_SEQ, checkLedger } from '../src/main/core/points/ledger-check';
import { writeMeta } from '../src/main/core/meta';

/**
 * Bulk-inserts a realistic points history for benchmarks, consistent with migrations
 * 003/004 as the app itself would have written it under rule set version 1 (1 pt per
 * ¥1, rounded down, no expiry):
 *
 * - ~85% `earn` entries, each with its purchase (fast path: one line) and its lot;
 * - ~10% `redeem` entries (only when the member can afford the bench reward), each with
 *   its redemption row and the lot uses it consumed, oldest lot first;
 * - ~5% `adjust` entries (manager goodwill, positive, with a reason and a lot).
 *
 * Entries are spread over the two years before `now`, in time order (seq order = time
 * order, UUIDv7 ids from the same timestamps); members are picked with a skew (a few
 * regulars, many occasional). Cached balances are written at the end from the running
 * sums, so the start-up invariant holds exactly. Deterministic for a given seed and `now`.
 *
 * Speed: secondary indexes are dropped and re-created from their own stored SQL at the
 * end (one sort instead of millions of random B-tree inserts), commits every BATCH
 * entries with synchronous=OFF for the bulk load only (restored to FULL at the end).
 */
export interface GenerateLedgerOptions {
  entries: number;
  /** How many of the existing members (lowest seq first) take part. */
  members: number;
  seed?: number;
  now?: number;
}

export interface GenerateLedgerReport {
  entries: number;
  members: number;
  purchases: number;
  redemptions: number;
  ms: number;
  phases: { insert_ms: number; index_ms: number; check_ms: number; analyze_ms: number };
}

const DAY = 86_400_000;
const BATCH = 100_000;
const REWARD_ID = '01800000-0000-7000-8000-00000000be01';

const REWARD_COST = 500;
/** Explanation facts of every bench redemption (src/shared/explain/facts.ts). */
const REDEEM_FACTS = JSON.stringify({
  schemaVersion: 1,
  kind: 'redeem',
  reward: { id: REWARD_ID, name: 'Bench gift', kind: 'goods' },
  points: REWARD_COST,
});

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

/** A UUIDv7 for timestamp `ms` with seeded random bits (same layout as `uuid`'s v7). */
function uuidV7(ms: number, rand: () => number): string {
  const t = hex(ms, 12);
  const r1 = Math.floor(rand() * 0x1000);
  const r2 = 0x8000 | Math.floor(rand() * 0x4000);
  const r3 = Math.floor(rand() * 0x1000000);
  const r4 = Math.floor(rand() * 0x1000000);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(r1, 3)}-${hex(r2, 4)}-${hex(r3, 6)}${hex(r4, 6)}`;
}

/**
 * Multi-row INSERTs (64 rows per statement): the per-statement cost between JS and
 * SQLite is most of a bulk load's time, and this roughly halves it.
 */
class Bulk {
  private readonly buf: unknown[] = [];
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  constructor(
    db: Db,
    private readonly head: string,
    private readonly width: number,
    private readonly rows = 64,
  ) {
    const tuple = `(${Array(width).fill('?').join(', ')})`;
    this.many = db.prepare(`${head} VALUES ${Array(rows).fill(tuple).join(', ')}`);
    this.one = db.prepare(`${head} VALUES ${tuple}`);
  }
  push(...values: unknown[]) {
    this.buf.push(...values);
    if (this.buf.length === this.width * this.rows) this.flush();
  }
  flush() {
    if (this.buf.length === this.width * this.rows) this.many.run(this.buf);
    else for (let i = 0; i < this.buf.length; i += this.width) this.one.run(this.buf.slice(i, i + this.width));
    this.buf.length = 0;
  }
}

/** Tables this generator fills: their secondary indexes (ours and any other area's) are rebuilt. */
const FILLED_TABLES = [
  'points_ledger',
  'points_lots',
  'points_purchases',
  'points_purchase_lines',
  'points_lot_uses',
  'reward_redemptions',
];

export function generateLedger(db: Db, opts: GenerateLedgerOptions): GenerateLedgerReport {
  const t0 = performance.now();
  const rand = rng(opts.seed ?? 1);
  const now = opts.now ?? Date.now();
  const memberIds = db.prepare('SELECT id FROM members ORDER BY seq LIMIT ?').pluck().all(opts.members) as string[];
  if (memberIds.length === 0) throw new Error('generateLedger: no members; run generateMembers first');
  const terminalId =
    (db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get() as string | undefined) ??
    'bench-terminal';
  // Balances below start from zero: the history must be the first one in this store.
  if (db.prepare('SELECT 1 FROM points_ledger LIMIT 1').get()) {
    throw new Error('generateLedger: the ledger is not empty; generate into a fresh database');
  }
  const n = memberIds.length;
  const balances = new Float64Array(n);
  // Open lots per member, oldest first: [lotId, remaining] pairs (flat, small arrays).
  const lots: (number[] | undefined)[] = new Array(n);
  let nextLotId = 1;

  // Explicit indexes only (sql IS NOT NULL): UNIQUE/PRIMARY KEY autoindexes stay.
  const dropped = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (${FILLED_TABLES.map(() => '?').join(',')})`,
    )
    .all(...FILLED_TABLES) as { name: string; sql: string }[];
  const phases = { insert_ms: 0, index_ms: 0, check_ms: 0, analyze_ms: 0 };
  let tp = performance.now();
  const phase = (name: keyof typeof phases) => {
    const now2 = performance.now();
    phases[name] = Math.round(now2 - tp);
    tp = now2;
  };
  db.pragma('synchronous = OFF');
  // Every row below references members that were just read from the members table:
  // the per-row foreign-key lookups would only re-prove that (checked once at the end).
  db.pragma('foreign_keys = OFF');
  const oldCache = db.pragma('cache_size', { simple: true }) as number;
  // The core's connection checkpoints only after a channel's reply (db/checkpoint-policy.ts:
  // wal_autocheckpoint = 0), and this load writes past the dispatcher: without SQLite's own
  // checkpoint the WAL grew to 21 GB by 12 minutes into the 1M / 10M load and every read went
  // through it. Back to the default while loading, the core's setting restored at the end.
  const oldAutoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 1000');
  db.pragma('cache_size = -262144'); // 256 MB while loading
  db.transaction(() => {
    db.prepare(
      `INSERT OR IGNORE INTO rewards (id, name, kind, cost_points, stock, active, created_at, updated_at)
       VALUES (?, 'Bench gift', 'goods', ?, NULL, 1, ?, ?)`,
    ).run(REWARD_ID, REWARD_COST, now - 800 * DAY, now - 800 * DAY);
    for (const ix of dropped) db.exec(`DROP INDEX ${ix.name}`);
    // The hourly report summaries are rebuilt in one grouped pass at the end instead of
    // one trigger upsert per generated row.
    for (const t of REPORT_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    // Likewise the per-member running totals (migration 016).
    for (const t of MEMBER_TOTALS_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    // And the rolling tier spend (migration 022).
    for (const t of TIER_SPEND_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  }).immediate();

  const entriesOut = new Bulk(
    db,
    `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, rule_version, ref_id,
       reason, facts, created_at)`,
    12,
  );
  const insEntry = (...v: unknown[]) =>
    entriesOut.push(v[0], v[1], v[2], v[3], v[4], v[5], v[6], 1, v[7], v[8], v[9], v[10]);
  const purchasesOut = new Bulk(
    db,
    `INSERT INTO points_purchases (id, receipt_no, receipt_key, member_id, op_id, terminal_id, total_minor,
       discount_minor, paid_minor, points_used, points_earned, rule_version, facts, earn_entry_id, earn_lot_id, created_at)`,
    16,
  );
  // receipt_key: the unique form of the receipt number (migration 008).
  const insPurchase = (...v: unknown[]) =>
    purchasesOut.push(
      v[0],
      v[1],
      receiptKey(String(v[1])),
      v[2],
      v[3],
      v[4],
      v[5],
      0,
      v[6],
      0,
      v[7],
      1,
      v[8],
      v[9],
      v[10],
      v[11],
    );
  const linesOut = new Bulk(
    db,
    `INSERT INTO points_purchase_lines (purchase_id, line_no, quantity, unit_price_minor, amount_minor,
       discount_minor, points_earned, points_used)`,
    8,
  );
  const insLine = (id: string, price: number, amount: number, points: number) =>
    linesOut.push(id, 1, 1, price, amount, 0, points, 0);
  const lotsOut = new Bulk(db, 'INSERT INTO points_lots (id, member_id, entry_id, points, remaining, earned_at)', 6);
  // Lots still in the buffer cannot be UPDATEd yet: flush first when a redemption reaches one.
  let lotsWrittenUpTo = 0;
  const insLot = { run: (id: number, ...v: unknown[]) => lotsOut.push(id, ...v) };
  const flushAll = () => {
    entriesOut.flush();
    purchasesOut.flush();
    linesOut.flush();
    lotsOut.flush();
    lotsWrittenUpTo = nextLotId - 1;
  };
  const updateLot = db.prepare('UPDATE points_lots SET remaining = ? WHERE id = ?');
  const setLot = {
    run: (remaining: number, id: number) => {
      if (id > lotsWrittenUpTo) {
        lotsOut.flush();
        lotsWrittenUpTo = nextLotId - 1;
      }
      updateLot.run(remaining, id);
    },
  };
  const insUse = db.prepare('INSERT INTO points_lot_uses (entry_id, lot_id, points) VALUES (?, ?, ?)');
  const insRedemption = db.prepare(
    `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code,
       discount_minor, status, entry_id, terminal_id, staff_id, created_at)
     VALUES (?, ?, ?, ?, 'Bench gift', 'goods', ?, NULL, NULL, 'active', ?, ?, NULL, ?)`,
  );

  const start = now - 730 * DAY;
  const step = (730 * DAY - 3_600_000) / Math.max(1, opts.entries);
  let purchases = 0;
  let redemptions = 0;
  let done = 0;
  const addLot = (m: number, memberId: string, entryId: string, points: number, at: number) => {
    const id = nextLotId++;
    insLot.run(id, memberId, entryId, points, points, at);
    (lots[m] ??= []).push(id, points);
    return id;
  };

  while (done < opts.entries) {
    const end = Math.min(opts.entries, done + BATCH);
    db.transaction(() => {
      for (let i = done; i < end; i++) {
        const at = Math.floor(start + i * step);
        // Skewed pick: squaring favours low indexes (regulars) without starving the rest.
        const r = rand();
        const m = Math.min(n - 1, Math.floor(r * r * n));
        const memberId = memberIds[m];
        const entryId = uuidV7(at, rand);
        const opId = uuidV7(at, rand);
        const roll = rand();
        if (roll < 0.1 && balances[m] >= REWARD_COST) {
          const redemptionId = uuidV7(at, rand);
          balances[m] -= REWARD_COST;
          insEntry(
            entryId,
            memberId,
            'redeem',
            -REWARD_COST,
            balances[m],
            opId,
            terminalId,
            redemptionId,
            null,
            REDEEM_FACTS,
            at,
          );
          // Oldest lot first, exactly as the app consumes them.
          const open = lots[m]!;
          let left = REWARD_COST;
          let k = 0;
          while (left > 0) {
            const take = Math.min(left, open[k + 1]);
            open[k + 1] -= take;
            left -= take;
            setLot.run(open[k + 1], open[k]);
            insUse.run(entryId, open[k], take);
            if (open[k + 1] === 0) k += 2;
          }
          if (k > 0) open.splice(0, k);
          insRedemption.run(redemptionId, opId, memberId, REWARD_ID, REWARD_COST, entryId, terminalId, at);
          redemptions++;
        } else if (roll < 0.14) {
          const points = 10 + Math.floor(rand() * 191);
          balances[m] += points;
          insEntry(
            entryId,
            memberId,
            'adjust',
            points,
            balances[m],
            opId,
            terminalId,
            null,
            'goodwill after a complaint',
            `{"schemaVersion":1,"kind":"adjust","points":${points},"reason":"goodwill after a complaint"}`,
            at,
          );
          addLot(m, memberId, entryId, points, at);
        } else {
          const total = 500 + Math.floor(rand() * rand() * 50_000);
          const points = Math.floor(total / 100);
          const purchaseId = uuidV7(at, rand);
          const receipt = `G-${String(purchases + 1).padStart(9, '0')}`;
          // Explanation facts (src/shared/explain/facts.ts) of rule version 1: 1 pt per ¥1, rounded down.
          const facts =
            `{"schemaVersion":1,"kind":"earn","ruleVersion":1,` +
            `"rate":{"points":1,"perMinor":100},"minSpendMinor":0,"rounding":{"mode":"down","appliedTo":"purchase"},` +
            `"paidMinor":${total},"parts":[{"onMinor":${total}}],"points":${points},"receiptNo":"${receipt}"}`;
          let lotId: number | null = null;
          if (points > 0) {
            balances[m] += points;
            insEntry(entryId, memberId, 'earn', points, balances[m], opId, terminalId, purchaseId, null, facts, at);
            lotId = addLot(m, memberId, entryId, points, at);
          }
          insPurchase(
            purchaseId,
            receipt,
            memberId,
            opId,
            terminalId,
            total,
            total,
            points,
            facts,
            points > 0 ? entryId : null,
            lotId,
            at,
          );
          insLine(purchaseId, total, total, points);
          purchases++;
        }
      }
      flushAll();
    }).immediate();
    done = end;
  }

  phase('insert_ms');
  const insBalance = db.prepare('INSERT INTO points_balances (member_id, balance, updated_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let m = 0; m < n; m++) if (lots[m] !== undefined) insBalance.run(memberIds[m], balances[m], now - 3_600_000);
    for (const ix of dropped) db.exec(ix.sql);
    rebuildReportHours(db);
    createReportTriggers(db);
    rebuildMemberTotals(db);
    createMemberTotalsTriggers(db);
    if (hasTierSpend(db)) {
      rebuildTierSpendAt(db, now);
      createTierSpendTriggers(db);
    }
  }).immediate();
  phase('index_ms');
  db.pragma(`cache_size = ${oldCache}`);
  db.pragma(`wal_autocheckpoint = ${oldAutoCheckpoint}`);
  db.pragma('foreign_keys = ON');
  const broken = db.pragma('foreign_key_check(points_ledger)') as unknown[];
  if (broken.length > 0) throw new Error(`generateLedger: ${broken.length} ledger rows reference missing rows`);
  db.pragma('synchronous = FULL');
  // Prove the invariant once over the whole history (the app's own full check), then mark
  // it checked, as a running app would have after its last start.
  const check = checkLedger(db);
  if (!check.ok) throw new Error(`generateLedger: ledger invariant broken: ${JSON.stringify(check.mismatches[0])}`);
  const maxSeq = db.prepare('SELECT max(seq) FROM points_ledger').pluck().get() as number;
  db.transaction(() => writeMeta(db, CHECKED_SEQ, String(maxSeq))).immediate();
  phase('check_ms');
  // A sampled ANALYZE: seconds instead of a minute on 10M rows, same plans.
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
  phase('analyze_ms');
  return {
    entries: opts.entries,
    members: n,
    purchases,
    redemptions,
    ms: Math.round(performance.now() - t0),
    phases,
  };
}

/**
 * `reports:tierDistribution` with tiers, three ways on one copy of a generated store, in one
 * run (issue 13 goal: ≤ 1 s at 1M members / 10M entries):
 *   - `months`: the month totals (migration 016), the path before 022;
 *   - `spend`: the maintained rolling spend (migration 022, reports/tier-bands.ts), right
 *     after the anchor moved, a day later and 30 days later without the chore (what the
 *     report corrects grows with the purchases that left), and after the chore ran;
 *   - `scan`: the window scan (tierDistributionByScan), once, the equality reference;
 * plus a bare `count(*)` over the ledger's member index as the machine's yardstick.
 *
 *   npx tsx bench/tier-bands.ts --db .bench-cache/perkdesk-m100000-….sqlite [--runs 5] [--no-scan] [--in-place]
 *
 * Works on a copy in the OS temp folder (--in-place: on the file itself, which then keeps
 * 022's tables and triggers; for a 16 GB store whose copy would take minutes); prints JSON.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tierDistribution, tierDistributionByScan } from '../src/main/core/reports/period-reports';
import { tierDistributionFromSpend } from '../src/main/core/reports/tier-bands';
import { applyTierSpendIfAbsent } from '../src/main/core/db/migrations/022-tier-spend';
import { advanceTierSpend } from '../src/main/core/points/tier-spend';
import { ruleSetAt } from '../src/main/core/points/rules-repo';
import type { Db } from '../src/main/core/db/open-database';

const DAY = 86_400_000;
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const src = arg('db');
if (!src) throw new Error('--db FILE');
const runs = Number(arg('runs') ?? 5);
const withScan = !process.argv.includes('--no-scan');

const dir = mkdtempSync(join(tmpdir(), 'pd-tiers-'));
const inPlace = process.argv.includes('--in-place');
const file = inPlace ? src : join(dir, 'store.sqlite');
if (!inPlace) copyFileSync(src, file);
const db = new Database(file) as unknown as Db;
db.pragma('journal_mode = WAL');

const load: number[][] = [loadavg()];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time<T>(fn: () => T, n = runs): { p50_ms: number; max_ms: number; value: T } {
  let value = fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = fn();
    samples.push(performance.now() - t);
  }
  return { p50_ms: Math.round(median(samples) * 10) / 10, max_ms: Math.round(Math.max(...samples)), value };
}

const now = Date.now();
const rules = {
  ...ruleSetAt(db, now).rules,
  tierWindowMonths: 12,
  tiers: [
    { name: 'Silver', thresholdMinor: 50_000, multiplierPercent: 110 },
    { name: 'Gold', thresholdMinor: 200_000, multiplierPercent: 150 },
  ],
};
// The store's own rules decide the anchor's window length; the bench ladder uses 12 months.
if (ruleSetAt(db, now).rules.tierWindowMonths !== 12) throw new Error('bench store rules: window is not 12 months');

const counts = {
  members: db.prepare('SELECT count(*) FROM members').pluck().get() as number,
  purchases: db.prepare('SELECT count(*) FROM points_purchases').pluck().get() as number,
  entries: db.prepare('SELECT max(seq) FROM points_ledger').pluck().get() as number,
};
const bare = time(() => db.prepare('SELECT count(*) FROM points_ledger INDEXED BY points_ledger_member').pluck().get());
const months = time(() => tierDistribution(db, now, rules), 3);

const ta = performance.now();
applyTierSpendIfAbsent(db, now);
const backfillMs = Math.round(performance.now() - ta);
const rows = db.prepare('SELECT count(*) FROM points_tier_spend').pluck().get() as number;

const spendNow = time(() => tierDistributionFromSpend(db, now, rules));
const spendDay = time(() => tierDistributionFromSpend(db, now + DAY, rules));
const spend30 = time(() => tierDistributionFromSpend(db, now + 30 * DAY, rules), 3);
const tb = performance.now();
const steps = advanceTierSpend(db, now + 30 * DAY);
const advanceMs = Math.round(performance.now() - tb);
const spendAfter = time(() => tierDistributionFromSpend(db, now + 30 * DAY, rules));
const channel = time(() => tierDistribution(db, now + 30 * DAY, rules));
load.push(loadavg());

let scan: { p50_ms: number; equal_now: boolean; equal_30d: boolean } | undefined;
if (withScan) {
  const t = performance.now();
  const s = tierDistributionByScan(db, now + 30 * DAY, rules);
  const ms = Math.round(performance.now() - t);
  scan = {
    p50_ms: ms,
    equal_30d: JSON.stringify(s) === JSON.stringify(spendAfter.value),
    equal_now: JSON.stringify(months.value) === JSON.stringify(spendNow.value),
  };
}
load.push(loadavg());

console.log(
  JSON.stringify(
    {
      at: new Date().toISOString(),
      store: { ...counts, file_mb: Math.round(statSync(src).size / 1e6) },
      load_average: load.map((l) => l.map((x) => Math.round(x * 100) / 100)),
      bare_count_ledger_member_index_ms: bare.p50_ms,
      months_path_ms: months.p50_ms,
      backfill_022_ms: backfillMs,
      tier_spend_rows: rows,
      spend_path_ms: { now: spendNow.p50_ms, plus_1_day: spendDay.p50_ms, plus_30_days: spend30.p50_ms },
      plus_30_days_answered: spend30.value !== null,
      advance_30_days: { ms: advanceMs, transactions: steps },
      spend_path_after_advance_ms: spendAfter.p50_ms,
      channel_path_after_advance_ms: channel.p50_ms,
      ratio_spend_to_months: Math.round((spendNow.p50_ms / months.p50_ms) * 1000) / 1000,
      ratio_spend_to_bare: Math.round((spendNow.p50_ms / bare.p50_ms) * 1000) / 1000,
      scan,
      equal_months_vs_spend_now: JSON.stringify(months.value) === JSON.stringify(spendNow.value),
      buckets_now: spendNow.value,
    },
    null,
    2,
  ),
);
db.close();
rmSync(dir, { recursive: true, force: true });

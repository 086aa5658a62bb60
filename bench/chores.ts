import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_STAFF } from './cache';
import { openCore, type Core } from '../src/main/core/open-core';
import { coreParts } from '../src/main/core/areas';
import { memberTotalsReady, topSpendersByMonths } from '../src/main/core/points/member-totals';
import { memberLabels } from '../src/main/core/members/member-repo';
import { percentile, round, type BenchResult } from './stats';
import { bundledJobWorker, bundledReportWorker, idleStalls, STALL_GOAL_MS, withStallMeter } from './job-worker';

/**
 * What a manager or a chore does beside the counter (issue 13): the daily checks (each,
 * on the main connection, and the whole run off the main thread), the members list's first
 * page, a member import (rows/s and the longest event-loop stall meanwhile), top members
 * over a year ranked from the per-member month totals (migration 016), and award latency
 * idle vs. while a year's reports, a full export and the daily checks run.
 */
export interface BenchChoresOptions {
  managerToken: string;
  cashierToken: string;
  dbPath: string;
  outDir: string;
  /**
   * Rows in the worker import (default 100,000, the goal's file; the main-thread comparison
   * imports at most 5,000). The rows are real members added to the store.
   */
  importRows?: number;
  runs?: number;
}

const DAY = 86_400_000;

export async function benchChores(core: Core, opts: BenchChoresOptions): Promise<Record<string, BenchResult>> {
  const runs = opts.runs ?? 5;
  const out: Record<string, BenchResult> = {};
  const call = async (channel: string, input: unknown, token: string) => {
    const r = await core.dispatch(channel, input, { token });
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };

  // Daily checks, each on the main connection (what the old chores timer blocked for).
  const perCheck: Record<string, number> = {};
  let mainTotal = 0;
  for (const c of coreParts().dailyChecks) {
    const t = performance.now();
    c.run(core.db, core.config.now(), core.terminalId);
    perCheck[c.name] = round(performance.now() - t, 1);
    mainTotal += perCheck[c.name];
  }
  out['checks.daily.main_thread'] = { p50_ms: round(mainTotal, 1), samples: 1, per_check_ms: perCheck };

  // The same run off the main thread: its wall time and the longest stall meanwhile.
  const bg = openCore({
    dbPath: opts.dbPath,
    skipStartupChecks: true,
    reportWorker: bundledReportWorker,
    log: console,
  });
  try {
    await bg.integrity;
    const t = performance.now();
    const { value, maxStallMs } = await withStallMeter(() => bg.runDailyChecksInBackground!());
    out['checks.daily.off_thread'] = {
      p50_ms: round(performance.now() - t, 1),
      max_event_loop_stall_ms: round(maxStallMs, 1),
      problems: value.problems.length,
      samples: 1,
    };
  } finally {
    bg.close();
  }

  // The members list's first page (with its total), as the managers' page asks for it.
  const list: number[] = [];
  await call('members:list', { limit: 50 }, opts.managerToken);
  for (let i = 0; i < runs * 4; i++) {
    const t = performance.now();
    await call('members:list', { limit: 50 }, opts.managerToken);
    list.push(performance.now() - t);
  }
  out['members.list.first_page'] = {
    p50_ms: round(percentile(list, 50), 2),
    p99_ms: round(Math.max(...list), 2),
    samples: list.length,
    goal_p50_ms: 20,
  };

  // Top members over a year from the month totals, beside the scan (both exact, same answer).
  if (memberTotalsReady(core.db)) {
    const now = core.config.now();
    const from = now - (now % DAY) - 364 * DAY;
    const rank = (ids: string[]) => new Map([...memberLabels(core.db, ids)].map(([id, l]) => [id, l.seq]));
    const samples: number[] = [];
    let answered = true;
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      answered = topSpendersByMonths(core.db, from, now + 1, 10, rank) !== null;
      if (i > 0) samples.push(performance.now() - t);
    }
    out['reports.topMembers.year.by_months'] = {
      p50_ms: round(percentile(samples, 50), 1),
      p99_ms: round(Math.max(...samples), 1),
      samples: runs,
      answered_without_scan: answered,
      goal_p50_ms: 1000,
    };
  }

  // A member import: real rows (fresh phone numbers each run), through the channel — in the
  // job worker as the app runs it (offline/import/import-worker.ts), 100,000 rows in one
  // file as the goal says, then a smaller file on the main thread (no job worker) for
  // comparison, with an idle loop's stalls over 10 s as the baseline.
  const n = opts.importRows ?? 100_000;
  const importFile = (rows: number) => {
    const prefix = 13_900 + Math.floor(Math.random() * 100); // 139xx…: valid CN mobiles
    const lines = ['name,phone'];
    for (let i = 0; i < rows; i++) lines.push(`Bench Import ${i},${prefix}${String(i).padStart(6, '0')}`);
    return Buffer.from(lines.join('\n'), 'utf8').toString('base64');
  };
  const idle = await idleStalls(10_000);
  const jobCore = openCore({ dbPath: opts.dbPath, skipStartupChecks: true, jobWorker: bundledJobWorker, log: console });
  try {
    await jobCore.integrity;
    const r = await jobCore.dispatch('auth:signIn', {
      username: BENCH_STAFF.manager.username,
      password: BENCH_STAFF.manager.password,
    });
    if (!r.ok) throw new Error(`sign in: ${r.error.message}`);
    const token = (r.value as { token: string }).token;
    const file = importFile(n);
    const ti = performance.now();
    const imp = await withStallMeter(() => jobCore.dispatch('offline:import', { fileBase64: file }, { token }));
    const importMs = performance.now() - ti;
    if (!imp.value.ok) throw new Error(`import: ${imp.value.error.message}`);
    out['import.members'] = {
      p50_ms: round(importMs, 0),
      rows: n,
      ops_per_s: Math.round((n / importMs) * 1000),
      max_event_loop_stall_ms: round(imp.maxStallMs, 1),
      stalls_over_16_ms: imp.stallsOverGoal,
      idle_stall_ms: round(idle.maxStallMs, 1),
      idle_stalls_over_16_ms_in_10_s: idle.stallsOverGoal,
      created: (imp.value.value as { created: number }).created,
      where: 'job worker',
      goal_max_stall_ms: STALL_GOAL_MS,
    };
  } finally {
    jobCore.close();
  }
  const mainRows = Math.min(n, 5_000);
  const ti = performance.now();
  const imp = await withStallMeter(() =>
    call('offline:import', { fileBase64: importFile(mainRows) }, opts.managerToken),
  );
  const importMs = performance.now() - ti;
  out['import.members.main_thread'] = {
    p50_ms: round(importMs, 0),
    rows: mainRows,
    ops_per_s: Math.round((mainRows / importMs) * 1000),
    max_event_loop_stall_ms: round(imp.maxStallMs, 1),
    stalls_over_16_ms: imp.stallsOverGoal,
    idle_stall_ms: round(idle.maxStallMs, 1),
    created: (imp.value as { created: number }).created,
  };

  // Award latency idle, then while a year's reports (worker), a full export and the daily
  // checks (worker) run: the ratio of the two p99s in the same run.
  const loadCore = openCore({
    dbPath: opts.dbPath,
    skipStartupChecks: true,
    reportWorker: bundledReportWorker,
    jobWorker: bundledJobWorker,
    log: console,
  });
  try {
    await loadCore.integrity;
    const sign = async (u: string, p: string) =>
      ((await loadCore.dispatch('auth:signIn', { username: u, password: p })) as { value: { token: string } }).value
        .token;
    const cashier = await sign(BENCH_STAFF.cashier.username, BENCH_STAFF.cashier.password);
    const manager = await sign(BENCH_STAFF.manager.username, BENCH_STAFF.manager.password);
    const ids = loadCore.db
      .prepare('SELECT id FROM members WHERE active = 1 AND erased_at IS NULL ORDER BY seq LIMIT 200')
      .pluck()
      .all() as string[];
    const exportDir = join(opts.outDir, 'exports');
    mkdirSync(exportDir, { recursive: true });
    await loadCore.dispatch(
      'offline:exportConfig',
      {
        exportDir,
        exportEveryHours: 0,
        exportClosingTime: '',
        exportFormats: ['csv'],
        exportCsvBom: false,
      },
      { token: manager },
    );
    const awards = async (k: number) => {
      const s: number[] = [];
      for (let i = 0; i < k; i++) {
        const t = performance.now();
        const r = await loadCore.dispatch(
          'points:award',
          { opId: randomUUID(), memberId: ids[i % ids.length], receiptNo: `BL-${randomUUID()}`, totalMinor: 1_000 },
          { token: cashier },
        );
        if (!r.ok) throw new Error(`award: ${r.error.message}`);
        s.push(performance.now() - t);
        await new Promise((r2) => setTimeout(r2, 5)); // a counter's pace, not a tight loop
      }
      return s;
    };
    await awards(20);
    const idle = await awards(200);
    let stop = false;
    const now = loadCore.config.now();
    const year = { from: now - 365 * DAY, to: now + 1 };
    const bgWork = [
      (async () => {
        while (!stop) {
          await loadCore.dispatch('reports:summary', year, { token: manager });
          await loadCore.dispatch('reports:topMembers', { ...year, limit: 10 }, { token: manager });
        }
      })(),
      (async () => {
        while (!stop) await loadCore.dispatch('offline:exportRun', { kind: 'full' }, { token: manager });
      })(),
      (async () => {
        while (!stop) await loadCore.runDailyChecksInBackground!();
      })(),
    ];
    const loaded = await awards(200);
    stop = true;
    await Promise.all(bgWork);
    const p = (xs: number[], q: number) => round(percentile(xs, q), 2);
    out['award.under_load'] = {
      p50_ms: p(loaded, 50),
      p99_ms: p(loaded, 99),
      idle_p50_ms: p(idle, 50),
      idle_p99_ms: p(idle, 99),
      ratio: round(percentile(loaded, 99) / percentile(idle, 99), 2),
      baseline: 'award.under_load idle run (same process, same run)',
      samples: loaded.length,
    };
  } finally {
    loadCore.close();
  }
  return out;
}

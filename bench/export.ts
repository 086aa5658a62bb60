import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../src/main/core/open-core';
import type { ExportFormat } from '../src/shared/settings/offline';
import { runExport } from '../src/main/core/offline/export/run-export';
import { LEDGER } from '../src/main/core/offline/export/datasets';
import { bundledJobWorker, idleStalls, withStallMeter } from './job-worker';
import { round, type BenchResult } from './stats';

export interface BenchExportOptions {
  /** Folder to export into (removed afterwards); a temp folder by default. */
  outDir?: string;
  formats?: ExportFormat[];
}

/**
 * `export.ledger`: a full export of the whole ledger, exactly as the app's scheduled export
 * writes it — in worker threads (offline/export/parallel-export.ts): a read snapshot plans,
 * two workers render striped rowid ranges in short reads, the main thread hashes and writes
 * (hashed while written, no second read), manifest, atomic rename, run recorded.
 * Beside it, in the same process and run: `export.ledger.main_thread` (the same export on
 * the main thread, as without a job worker: one snapshot, every file read back) and
 * `export.ledger.bare_scan` (one thread iterating the same rows raw, nothing rendered).
 * `ratio_to_bare_scan` > 1 means faster than the bare scan. `max_event_loop_stall_ms` is the
 * main thread's longest stall meanwhile, beside `idle_stall_ms` (the same meter over an idle
 * loop just before: what the machine's load alone costs).
 *
 * ops_per_s = ledger rows / wall-clock seconds of the whole run.
 * peak_rss_mb = the process's peak resident set (getrusage maxRSS, workers included); the
 * worker export runs first, so its peak is its own.
 * Goals: >= 500,000 rows/s and <= 200 MB at 10M entries; no stall over 16 ms.
 */
export async function benchExportLedger(
  core: Core,
  opts: BenchExportOptions = {},
): Promise<Record<string, BenchResult>> {
  const formats = opts.formats ?? ['csv'];
  const once = async (worker: boolean) => {
    const dir = mkdtempSync(join(opts.outDir ?? tmpdir(), 'export-ledger-'));
    const rssBefore = process.memoryUsage().rss;
    let sampledPeak = rssBefore;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
    }, 25);
    const t0 = performance.now();
    try {
      const { value: r, maxStallMs } = await withStallMeter(() =>
        runExport({
          db: core.db,
          dbPath: core.config.dbPath,
          terminalId: core.terminalId,
          now: core.config.now,
          dir,
          formats,
          bom: false,
          kind: 'full',
          trigger: 'manual',
          actor: null,
          datasets: [LEDGER],
          ...(worker ? { worker: bundledJobWorker, threads: 2 } : {}),
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const rows = r.rows.ledger;
      return {
        ops_per_s: Math.round(rows / seconds),
        peak_rss_mb: Math.round(Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024) / 1e6),
        sampled_peak_rss_mb: Math.round(sampledPeak / 1e6),
        rows,
        seconds: Number(seconds.toFixed(3)),
        bytes: r.bytes,
        mb_per_s: Number((r.bytes / 1e6 / seconds).toFixed(1)),
        rss_before_mb: Math.round(rssBefore / 1e6),
        max_event_loop_stall_ms: round(maxStallMs, 1),
        formats: formats.join('+'),
      };
    } finally {
      clearInterval(sampler);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const idle = round((await idleStalls(2_000)).maxStallMs, 1);
  const inWorkers = await once(true);
  const onMain = await once(false);
  // The bare scan: one thread reading the same rows, nothing rendered or written.
  const t = performance.now();
  let rows = 0;
  for (const _row of core.db.prepare('SELECT * FROM points_ledger ORDER BY seq').raw().iterate()) rows++;
  const scan = Math.round(rows / ((performance.now() - t) / 1000));
  return {
    'export.ledger': {
      ...inWorkers,
      threads: 2,
      idle_stall_ms: idle,
      bare_scan_rows_per_s: scan,
      ratio_to_bare_scan: round(inWorkers.ops_per_s / scan, 2),
      main_thread_rows_per_s: onMain.ops_per_s,
      goal_ops_per_s: 500_000,
      goal_peak_rss_mb: 200,
      goal_max_stall_ms: 16,
    },
    'export.ledger.main_thread': {
      ...onMain,
      idle_stall_ms: idle,
      ratio_to_bare_scan: round(onMain.ops_per_s / scan, 2),
    },
    'export.ledger.bare_scan': { ops_per_s: scan, rows, threads: 1 },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../src/main/core/open-core';
import type { ExportFormat } from '../src/shared/settings/offline';
import { runExport } from '../src/main/core/offline/export/run-export';
import { LEDGER } from '../src/main/core/offline/export/datasets';
import type { BenchResult } from './stats';

export interface BenchExportOptions {
  /** Folder to export into (removed afterwards); a temp folder by default. */
  outDir?: string;
  formats?: ExportFormat[];
}

/**
 * `export.ledger`: a full export of the whole ledger, exactly as the scheduled export
 * writes it — read snapshot on a second connection, lines rendered by SQLite, ~1 MB
 * chunks hashed and written, every file read back (bytes, sha256, record count) and
 * compared with an independent count(*), manifest, atomic rename, run recorded.
 *
 * ops_per_s = ledger rows / wall-clock seconds of the whole run (verification included).
 * peak_rss_mb = the process's peak resident set (getrusage maxRSS, so nothing between
 * samples is missed); the export streams, so it should not grow with the ledger.
 * Goals: >= 500,000 rows/s and <= 200 MB at 10M entries.
 */
export async function benchExportLedger(
  core: Core,
  opts: BenchExportOptions = {},
): Promise<Record<'export.ledger', BenchResult>> {
  const dir = mkdtempSync(join(opts.outDir ?? tmpdir(), 'export-ledger-'));
  const rssBefore = process.memoryUsage().rss;
  let sampledPeak = rssBefore;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 25);
  const t0 = performance.now();
  try {
    const r = await runExport({
      db: core.db,
      dbPath: core.config.dbPath,
      terminalId: core.terminalId,
      now: core.config.now,
      dir,
      formats: opts.formats ?? ['csv'],
      bom: false,
      kind: 'full',
      trigger: 'manual',
      actor: null,
      datasets: [LEDGER],
    });
    const seconds = (performance.now() - t0) / 1000;
    const rows = r.rows.ledger;
    const peakRss = Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024);
    return {
      'export.ledger': {
        ops_per_s: Math.round(rows / seconds),
        peak_rss_mb: Math.round(peakRss / 1e6),
        rows,
        seconds: Number(seconds.toFixed(3)),
        bytes: r.bytes,
        mb_per_s: Number((r.bytes / 1e6 / seconds).toFixed(1)),
        rss_before_mb: Math.round(rssBefore / 1e6),
        formats: (opts.formats ?? ['csv']).join('+'),
      },
    };
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Timing and summary helpers shared by every benchmark. One result per benchmark name,
 * in the shape bench-results.json uses (fields that do not apply are left out).
 */
export interface BenchResult {
  p50_ms?: number;
  p99_ms?: number;
  ops_per_s?: number;
  /** This result's p50 divided by the matching bare better-sqlite3 baseline's p50. */
  ratio?: number;
  peak_rss_mb?: number;
  /** Anything else worth keeping next to the numbers (sample count, rows, breakdowns). */
  [extra: string]: unknown;
}

/** Nearest-rank percentile over a sorted copy. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** p50/p99 of per-operation samples (ms) and throughput from their sum. */
export function summarize(samplesMs: readonly number[]): BenchResult {
  const total = samplesMs.reduce((a, b) => a + b, 0);
  return {
    p50_ms: round(percentile(samplesMs, 50)),
    p99_ms: round(percentile(samplesMs, 99)),
    ops_per_s: total > 0 ? Math.round((samplesMs.length * 1000) / total) : undefined,
    samples: samplesMs.length,
  };
}

/** Times `fn` `iterations` times after `warmup` untimed calls; returns per-call ms. */
export async function timeEach(
  fn: (i: number) => unknown,
  opts: { iterations: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < (opts.warmup ?? 0); i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < opts.iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Peak resident set of this process so far (or since resetPeakRss), in MB. On Linux this
 * reads VmHWM: getrusage's maxRSS survives execve, so a child spawned by a runner that
 * had generated 10M rows would report the runner's peak as its own.
 */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall back to getrusage
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / (1024 * 1024));
}

/**
 * Accepts what a benchmark module returns and makes a BenchResult: either a result
 * already (`p50_ms`...), or raw samples under `samplesMs` / `samples` / `timesMs`.
 */
export function normalize(raw: unknown): BenchResult {
  if (Array.isArray(raw)) return summarize(raw as number[]);
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    for (const key of ['samplesMs', 'timesMs', 'samples']) {
      if (Array.isArray(r[key])) {
        const rest = Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));
        return { ...rest, ...summarize(r[key] as number[]) };
      }
    }
    return { ...r } as BenchResult;
  }
  throw new Error(`cannot read a benchmark result from ${String(raw)}`);
}

/** A small seeded PRNG (mulberry32): benchmark inputs are reproducible from `--seed`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Resets this process's peak-RSS mark (Linux: `5` to /proc/self/clear_refs), so a
 * benchmark's peak does not include opening the database (quick_check on a 10 GB file
 * peaks far higher than any lookup). Returns false where unsupported.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

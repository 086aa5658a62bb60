import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/main/core/db/migrations';
import { latestVersion } from '../src/main/core/db/migrate';

/**
 * Generated benchmark data lives in `.bench-cache/` (git-ignored), one SQLite file per
 * (members, entries, seed, schema). The key covers the schema version, a hash of every
 * migration's code and of the generator modules, so a changed migration or generator
 * never benchmarks stale data.
 */
export const ROOT = resolve(import.meta.dirname, '..');
export const CACHE_DIR = join(ROOT, '.bench-cache');

/** Staff the generated database carries, so benchmarks can sign in through the dispatcher. */
export const BENCH_STAFF = {
  owner: { username: 'bench-owner', displayName: 'Bench Owner', password: 'bench owner password 1' },
  manager: { username: 'bench-manager', displayName: 'Bench Manager', password: 'bench manager password 1' },
  cashier: { username: 'bench-cashier', displayName: 'Bench Cashier', password: 'bench cashier password 1' },
} as const;

export interface DatasetSpec {
  members: number;
  entries: number;
  seed: number;
}

const GENERATORS = ['generate-members.ts', 'generate-ledger.ts'];

export function schemaKey(): string {
  const h = createHash('sha256');
  for (const m of MIGRATIONS) h.update(`${m.version}:${m.name}:${m.up.toString()}\n`);
  for (const g of GENERATORS) {
    const p = join(ROOT, 'bench', g);
    h.update(`${g}:${existsSync(p) ? readFileSync(p, 'utf8') : 'absent'}\n`);
  }
  return `v${latestVersion()}-${h.digest('hex').slice(0, 10)}`;
}

export function datasetPath(spec: DatasetSpec): string {
  return join(CACHE_DIR, `perkdesk-m${spec.members}-e${spec.entries}-s${spec.seed}-${schemaKey()}.sqlite`);
}

export function baselinePath(rows: number): string {
  return join(CACHE_DIR, `baseline-r${rows}.sqlite`);
}

/**
 * Builds `target` with `build(tmpPath)` unless it exists. Writes to a `.partial` name
 * and renames at the end, so a run killed half-way never leaves a cache entry that
 * looks complete. Older datasets of the same size (other schema keys) are removed.
 */
export async function ensureCached(target: string, build: (tmpPath: string) => Promise<void>): Promise<boolean> {
  mkdirSync(CACHE_DIR, { recursive: true });
  if (existsSync(target)) return false;
  // Per process: two runs generating the same size at once must not share a half-built file.
  const tmp = `${target}.partial-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  try {
    await build(tmp);
    // Fold any WAL left by the build into the file; the last connection to close deletes it.
    if (existsSync(`${tmp}-wal`)) {
      const db = new Database(tmp);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    }
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(tmp + suffix)) throw new Error(`${tmp}${suffix} left behind: is another process using it?`);
    }
    // The store's side files (its key file, the erasure journal: keys/bound-keys.ts) are
    // named after it and must move with it, or the renamed store cannot be opened.
    for (const f of sideFiles(tmp))
      renameSync(join(CACHE_DIR, f), join(CACHE_DIR, f.replace(basename(tmp), basename(target))));
    renameSync(tmp, target);
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    for (const f of sideFiles(tmp)) rmSync(join(CACHE_DIR, f), { force: true });
    throw err;
  }
  pruneStale(target);
  return true;
}

function sideFiles(storePath: string): string[] {
  const base = `${basename(storePath)}.`;
  return readdirSync(CACHE_DIR).filter((f) => f.startsWith(base));
}

function pruneStale(keep: string) {
  const base = keep.slice(CACHE_DIR.length + 1);
  const prefix = base.replace(/-v\d+-[0-9a-f]+\.sqlite$/, '-v');
  if (prefix === base) return;
  for (const f of readdirSync(CACHE_DIR)) {
    if (f.startsWith(prefix) && !f.startsWith(base) && /\.sqlite($|-wal$|-shm$|\.)/.test(f))
      rmSync(join(CACHE_DIR, f), { force: true });
  }
}

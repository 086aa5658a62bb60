import { readFileSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * What one commit wrote, by B-tree: the WAL's frames since it was last emptied, each frame
 * one page image, mapped to the table or index owning the page (SQLite's `dbstat`). The
 * frame count is the write shape's cost at synchronous=FULL (≈ 0.26 ms per commit + 10 µs
 * per page here, issue 13), and the per-tree list says which rows and indexes cost it.
 *
 * `dbstat` walks every tree, so this is for small stores (tests, the anatomy in the bench),
 * never the 1M-member file.
 */
export function walPagesByTree(db: Database.Database): { frames: number; trees: Record<string, number> } {
  const walPath = `${db.name}-wal`;
  const page = db.pragma('page_size', { simple: true }) as number;
  let size = 0;
  try {
    size = statSync(walPath).size;
  } catch {
    return { frames: 0, trees: {} };
  }
  const wal = readFileSync(walPath);
  const pages: number[] = [];
  // 32-byte file header, then frames: a 24-byte header (page number first, big-endian) + the page.
  for (let at = 32; at + 24 + page <= size; at += 24 + page) pages.push(wal.readUInt32BE(at));
  const owner = new Map<number, string>();
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) {
    owner.set(r.pageno, r.name);
  }
  const trees: Record<string, number> = {};
  for (const p of pages) {
    const name = owner.get(p) ?? (p === 1 ? 'sqlite_schema (page 1)' : 'free/other');
    trees[name] = (trees[name] ?? 0) + 1;
  }
  return { frames: pages.length, trees };
}

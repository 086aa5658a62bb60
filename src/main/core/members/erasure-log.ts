import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { EraseReason } from '../../../shared/contract/members';
import { writeFileAtomically } from '../keys/key-store';

/**
 * Every erasure, kept OUTSIDE the database file (`<store>.erasures.jsonl`, beside it),
 * so that restoring a backup made before an erasure cannot bring the person back: the
 * restore (and every start of the core, which covers a backup put in place before the
 * core opened) re-applies each entry whose member is still there with personal data.
 *
 * It holds the member's pseudonymous id, when and the reason code — never personal
 * data. One JSON line per erasure, appended and fsynced before the erasure's
 * transaction commits: if the commit then fails, the erasure the manager asked for is
 * applied at the next start rather than lost. A torn last line (crash mid-append) is
 * skipped. Not MACed: an entry can only ever remove personal data, each re-application
 * is audited, and whoever can write this file can edit the database itself anyway.
 */
export interface ErasureEntry {
  memberId: string;
  erasedAt: number;
  reason: EraseReason | 'beforeErasureLog';
}

export function appendErasure(path: string, entry: ErasureEntry): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    const buf = Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readErasures(path: string): ErasureEntry[] {
  if (!existsSync(path)) return [];
  const out: ErasureEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as ErasureEntry;
      if (typeof e.memberId === 'string' && typeof e.erasedAt === 'number') out.push(e);
    } catch {
      // a torn line from a crash mid-append: the erasure's transaction never committed either
    }
  }
  return out;
}

/** First start with the log: the erasures already in the store go in it (once; an empty log is still a log). */
export function seedErasureLog(path: string, erased: { id: string; erased_at: number }[]): boolean {
  if (existsSync(path)) return false;
  const lines = erased.map(
    (m) =>
      JSON.stringify({ memberId: m.id, erasedAt: m.erased_at, reason: 'beforeErasureLog' } satisfies ErasureEntry) +
      '\n',
  );
  writeFileAtomically(path, lines.join(''));
  return true;
}

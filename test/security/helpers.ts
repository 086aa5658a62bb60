import { existsSync, readFileSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { TestCore } from '../helpers/core';

/** Every file the store keeps on disk: the database, its WAL and shared memory. */
export function storeFiles(core: TestCore): string[] {
  const db = core.config.dbPath;
  return [db, `${db}-wal`, `${db}-shm`].filter((p) => existsSync(p));
}

/** Which of `needles` occur anywhere in these files' bytes (UTF-8 and UTF-16LE, as SQLite may store text). */
export function bytesFound(files: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const n of needles) {
      if (bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le'))) found.push(`${n} in ${f}`);
    }
  }
  return found;
}

export const walSize = (core: TestCore) => {
  const p = `${core.config.dbPath}-wal`;
  return existsSync(p) ? statSync(p).size : 0;
};

/** Waits for work scheduled "after commit" (setImmediate / short timers) to run. */
export async function settle(ms = 20): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export async function award(core: TestCore, token: string, memberId: string, receiptNo: string, totalMinor = 10_000) {
  return core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor }, token);
}

import Database from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import { hashAt, lastRecordOf, type ChainHead } from '../../audit/chain';
import type { BackupFile } from './backup-files';
import type { RegisterEntry } from './backup-register';

/**
 * Which backups hold audit records the live chain does not have — after a restore went
 * back in time, the safety copy taken before it is the only place the records written
 * after the restored backup still exist. Rotation must never remove those (the finding:
 * four restores of an old backup, then one backup, and the last copy of the original
 * records was rotated away).
 *
 * A backup's records are all in the live chain exactly when the live record at the
 * backup's head seq has the backup's head hash (each hash covers the one before). Of
 * several backups on the same abandoned branch only the one reaching furthest is
 * needed: it contains the others' records. Backups whose file cannot be read protect
 * nothing and are left to the normal policy.
 */
function headOfFile(path: string): ChainHead | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return lastRecordOf(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

export function backupsHoldingUnsharedAudit(
  live: Db,
  backups: readonly BackupFile[],
  register: ReadonlyMap<string, RegisterEntry>,
): Set<string> {
  const candidates: { b: BackupFile; head: ChainHead }[] = [];
  for (const b of backups) {
    const head = register.get(b.name)?.auditHead ?? headOfFile(b.path);
    if (!head || hashAt(live, head.seq) === head.hash) continue;
    candidates.push({ b, head });
  }
  candidates.sort((x, y) => y.head.seq - x.head.seq || y.b.createdAt - x.b.createdAt);
  const open = new Map<string, Database.Database | null>();
  const connection = (path: string) => {
    if (!open.has(path)) {
      try {
        open.set(path, new Database(path, { readonly: true, fileMustExist: true }));
      } catch {
        open.set(path, null);
      }
    }
    return open.get(path) ?? null;
  };
  const kept: { b: BackupFile; head: ChainHead }[] = [];
  try {
    for (const c of candidates) {
      const covered = kept.some((k) => {
        const db = connection(k.b.path);
        if (!db) return false;
        try {
          return hashAt(db, c.head.seq) === c.head.hash;
        } catch {
          return false;
        }
      });
      if (!covered) kept.push(c);
    }
  } finally {
    for (const db of open.values()) db?.close();
  }
  return new Set(kept.map((k) => k.b.name));
}

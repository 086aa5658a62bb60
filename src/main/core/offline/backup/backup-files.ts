import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readMeta } from '../../meta';

/**
 * Backups live in one folder, one self-contained SQLite file each (rollback journal,
 * no -wal beside it) plus a small JSON "sidecar" with what we checked when we made it.
 *
 *   perkdesk-<trigger>-<YYYYMMDDTHHMMSSmmmZ>.sqlite
 *   perkdesk-<trigger>-<YYYYMMDDTHHMMSSmmmZ>.sqlite.json
 *
 * The name alone sorts by time and says why it was made; the restore channel accepts
 * only a name matching this pattern, never a path, so no one can restore "../../x".
 */
export const BACKUP_TRIGGERS = ['auto', 'manual', 'pre-restore'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

export const BACKUP_NAME = /^perkdesk-(auto|manual|pre-restore)-(\d{8}T\d{9}Z)\.sqlite$/;

export interface BackupSidecar {
  createdAt: number;
  trigger: BackupTrigger;
  terminalId: string | null;
  schemaVersion: number;
  sizeBytes: number;
  sha256: string;
  quickCheck: 'ok' | 'failed';
}

export interface BackupFile extends BackupSidecar {
  name: string;
  path: string;
  /** False when the sidecar is missing or unreadable: the file was not verified by us. */
  hasSidecar: boolean;
}

export function stampOf(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

function timeOfStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return 0;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

export function backupName(trigger: BackupTrigger, at: number): string {
  return `perkdesk-${trigger}-${stampOf(at)}.sqlite`;
}

export function isBackupName(name: string): boolean {
  return BACKUP_NAME.test(name);
}

/** Every backup in the folder, newest first. A missing folder is simply empty. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const out: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = BACKUP_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    let sidecar: BackupSidecar | null = null;
    try {
      sidecar = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as BackupSidecar;
    } catch {
      sidecar = null;
    }
    let sizeBytes = 0;
    try {
      sizeBytes = statSync(path).size;
    } catch {
      continue; // vanished while listing (rotation running)
    }
    out.push({
      name,
      path,
      hasSidecar: sidecar !== null,
      createdAt: sidecar?.createdAt ?? timeOfStamp(m[2]),
      trigger: m[1] as BackupTrigger,
      terminalId: sidecar?.terminalId ?? null,
      schemaVersion: sidecar?.schemaVersion ?? 0,
      sizeBytes,
      sha256: sidecar?.sha256 ?? '',
      quickCheck: sidecar?.quickCheck ?? 'failed',
    });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

/** sha256 of a file, streamed (backups can be large). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export interface FileCheck {
  ok: boolean;
  problems: string[];
  schemaVersion: number;
  terminalId: string | null;
}

/**
 * Opens a database file read-only and runs `quick_check`. Never throws: a file that
 * is not a database at all is just "not ok", with the reason.
 */
export function checkDatabaseFile(path: string): FileCheck {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    let terminalId: string | null = null;
    try {
      terminalId = readMeta(db, 'terminal_id');
    } catch {
      problems.push('no meta table: not a PerkDesk database');
    }
    return { ok: problems.length === 0, problems, schemaVersion, terminalId };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message], schemaVersion: 0, terminalId: null };
  } finally {
    db?.close();
  }
}

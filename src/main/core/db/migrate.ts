import { existsSync } from 'node:fs';
import type { Db } from './open-database';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer PerkDesk (schema version ${found}; this version understands up to ${supported}). ` +
        'Install the newer PerkDesk, or restore a backup made by this version.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

export interface MigrateOptions {
  /** Stop at this version (tests migrate to N-1, insert, then to N). */
  to?: number;
  /**
   * Called before the first step when the database already has a schema, so that a
   * failed or unwanted migration can be undone by restoring the file.
   */
  backupBeforeMigrating?: (fromVersion: number) => void;
  migrations?: readonly Migration[];
}

/** Brings the schema up to date, one transaction per step. Returns the versions applied. */
export function migrate(db: Db, opts: MigrateOptions = {}): number[] {
  const migrations = opts.migrations ?? MIGRATIONS;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = latestVersion(migrations);
  const target = opts.to ?? latest;
  const current = schemaVersion(db);
  if (current > latest) throw new NewerDatabaseError(current, latest);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return [];
  if (current > 0) opts.backupBeforeMigrating?.(current);
  for (const m of pending) {
    const keys = m.rebuildsReferencedTable ? (db.pragma('foreign_keys', { simple: true }) as number) : 0;
    if (keys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsReferencedTable) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${m.name} left ${broken.length} broken references`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (keys) db.pragma('foreign_keys = ON');
    }
  }
  return pending.map((m) => m.version);
}

/** Copy the file aside with VACUUM INTO (consistent, works while open). */
export function backupFileBeforeMigration(db: Db, dbPath: string, fromVersion: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${dbPath}.pre-migration-v${fromVersion}-${stamp}.sqlite`;
  if (existsSync(target)) throw new Error(`backup target exists: ${target}`);
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

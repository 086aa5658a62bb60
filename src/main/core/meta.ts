import type { Db, ReadDb } from './db/open-database';

/** Small key/value facts about this install (terminal id, recovery key hash). */
export function readMeta(db: ReadDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function deleteMeta(db: Db, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}

/** The facts whose key starts with `prefix` (a family of keys, like one per member). */
export function metaWithPrefix(db: ReadDb, prefix: string): { key: string; value: string }[] {
  return db.prepare('SELECT key, value FROM meta WHERE substr(key, 1, length(?)) = ?').all(prefix, prefix) as {
    key: string;
    value: string;
  }[];
}

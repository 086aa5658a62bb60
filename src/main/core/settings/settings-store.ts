import type { Db, ReadDb } from '../db/open-database';
import { SETTINGS_DEFAULTS, settingsSchema, type Settings } from '../../../shared/settings';

/**
 * Settings are stored one row per key (JSON value) so each change records who and
 * when. Reading merges stored values over the defaults and re-validates, so a value
 * written by an older version that no longer validates falls back to the default.
 */
// Settings are read on every dispatch (idle lock) and in hot paths (award): cache per
// store, drop the cache on every write. A rolled-back write only costs a re-read.
// The read-only connection shares the writer's entry (sameStoreAs): a cache of its own
// would never hear of the writer's changes.
const cache = new WeakMap<ReadDb, Settings>();
const storeOf = new WeakMap<ReadDb, Db>();

/** Makes `reader` (a second connection to the writer's file) use the writer's settings cache. */
export function sameStoreAs(reader: ReadDb, writer: Db): void {
  if (reader !== writer) storeOf.set(reader, writer);
}

export function readSettings(db: ReadDb): Settings {
  const key = storeOf.get(db) ?? db;
  const hit = cache.get(key);
  if (hit) return hit;
  const value = readSettingsUncached(db);
  cache.set(key, value);
  return value;
}

/** Called by the dispatcher after a rollback: the cache may hold uncommitted values. */
export function invalidateSettingsCache(db: ReadDb): void {
  cache.delete(storeOf.get(db) ?? db);
}

function readSettingsUncached(db: ReadDb): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Record<string, unknown> = {};
  const known = settingsSchema.shape as Record<string, unknown>;
  for (const r of rows) if (r.key in known) stored[r.key] = JSON.parse(r.value) as unknown;
  const parsed = settingsSchema.safeParse({ ...SETTINGS_DEFAULTS, ...stored });
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
  for (const [k, v] of Object.entries(stored)) {
    const one = settingsSchema.safeParse({ ...SETTINGS_DEFAULTS, [k]: v });
    if (one.success) out[k] = v;
  }
  return out as Settings;
}

/** Writes the changed keys; returns the list of {key, from, to} actually changed. */
export function writeSettings(
  db: Db,
  patch: Partial<Settings>,
  by: string | null,
  now: number,
): { key: string; from: unknown; to: unknown }[] {
  const current = readSettings(db) as Record<string, unknown>;
  cache.delete(db);
  const changes: { key: string; from: unknown; to: unknown }[] = [];
  const stmt = db.prepare(
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    if (JSON.stringify(current[key]) === JSON.stringify(to)) continue;
    stmt.run(key, JSON.stringify(to), now, by);
    changes.push({ key, from: current[key], to });
  }
  cache.delete(db);
  return changes;
}

import type { BackupTrigger } from './backup-files';

export interface RotationInput {
  name: string;
  createdAt: number;
  trigger: BackupTrigger;
}

export interface RotationPolicy {
  keepDaily: number;
  keepWeekly: number;
  /** Safety copies taken before a restore: the newest few are kept regardless of days. */
  keepPreRestore?: number;
  /** The newest few backups are kept whatever their day (a manual copy made this morning survives tonight's). */
  keepRecent?: number;
  /** Local offset from UTC in minutes at a given instant (days/weeks are the store's). */
  offsetMinutes: (at: number) => number;
  /** Kept whatever their age: backups holding audit records the live chain lacks (unshared-audit.ts). */
  alwaysKeep?: ReadonlySet<string>;
}

const DAY = 86_400_000;

/** Local calendar day number (days since 1970-01-01 in the store's time zone). */
export function localDay(at: number, offsetMinutes: (at: number) => number): number {
  return Math.floor((at + offsetMinutes(at) * 60_000) / DAY);
}

/** Monday-based week number: 1970-01-01 was a Thursday, so shift by 3 days. */
export function localWeek(at: number, offsetMinutes: (at: number) => number): number {
  return Math.floor((localDay(at, offsetMinutes) + 3) / 7);
}

/**
 * Grandfather-father rotation, decided purely from names and times:
 * - the newest backup of each of the last `keepDaily` days that have a backup;
 * - then, for older backups, the newest of each of `keepWeekly` further weeks;
 * - the newest `keepRecent` (default 3) backups, whatever their day;
 * - the newest `keepPreRestore` (default 3) safety copies taken before restores;
 * - every backup in `alwaysKeep` (those holding audit history found nowhere else).
 * "Last N days that have a backup" (not "the last N calendar days") means a store
 * closed for two weeks still finds its last good copies when it reopens.
 */
export function planRotation(backups: RotationInput[], policy: RotationPolicy): { keep: string[]; remove: string[] } {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
  const keep = new Set<string>(backups.filter((b) => policy.alwaysKeep?.has(b.name)).map((b) => b.name));

  const preRestore = newestFirst.filter((b) => b.trigger === 'pre-restore');
  for (const b of preRestore.slice(0, policy.keepPreRestore ?? 3)) keep.add(b.name);

  const regular = newestFirst.filter((b) => b.trigger !== 'pre-restore');
  for (const b of regular.slice(0, policy.keepRecent ?? 3)) keep.add(b.name);
  const days = new Set<number>();
  let oldestKeptDay = Infinity;
  for (const b of regular) {
    const day = localDay(b.createdAt, policy.offsetMinutes);
    if (days.has(day)) continue;
    if (days.size >= policy.keepDaily) break;
    days.add(day);
    oldestKeptDay = day;
    keep.add(b.name);
  }
  const weeks = new Set<number>();
  for (const b of regular) {
    if (weeks.size >= policy.keepWeekly) break;
    if (localDay(b.createdAt, policy.offsetMinutes) >= oldestKeptDay) continue;
    const week = localWeek(b.createdAt, policy.offsetMinutes);
    if (weeks.has(week)) continue;
    weeks.add(week);
    keep.add(b.name);
  }
  return {
    keep: newestFirst.filter((b) => keep.has(b.name)).map((b) => b.name),
    remove: newestFirst.filter((b) => !keep.has(b.name)).map((b) => b.name),
  };
}

/** The machine's own offset (what the cashier's wall clock shows). */
export const systemOffsetMinutes = (at: number): number => -new Date(at).getTimezoneOffset();

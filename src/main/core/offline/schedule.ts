/**
 * When the next export and backup are due. Pure functions of the settings, the last
 * runs and the clock, so the rules are tested without timers; `scheduler.ts` only
 * asks "is it due?" once a minute.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** After a failed scheduled run, wait this long before trying again (not every minute). */
export const RETRY_AFTER_FAILURE_MS = 30 * MINUTE;

export type OffsetFn = (at: number) => number;

/**
 * The instant of "HH:MM local time" on the local day containing `at`. The offset is
 * looked up at the candidate instant itself, so a DST change earlier that day is
 * respected (a closing time inside the skipped hour falls an hour later).
 */
export function closingInstantOnDayOf(at: number, hhmm: string, offsetMinutes: OffsetFn): number {
  const [h, m] = hhmm.split(':').map(Number);
  const localDay = Math.floor((at + offsetMinutes(at) * MINUTE) / DAY);
  const localMs = localDay * DAY + h * HOUR + m * MINUTE;
  const guess = localMs - offsetMinutes(at) * MINUTE;
  return localMs - offsetMinutes(guess) * MINUTE;
}

/** The latest closing instant at or before `now`. */
export function previousClosing(now: number, hhmm: string, offsetMinutes: OffsetFn): number {
  const today = closingInstantOnDayOf(now, hhmm, offsetMinutes);
  return today <= now ? today : closingInstantOnDayOf(now - DAY, hhmm, offsetMinutes);
}

/** The first closing instant strictly after `now`. */
export function nextClosing(now: number, hhmm: string, offsetMinutes: OffsetFn): number {
  const today = closingInstantOnDayOf(now, hhmm, offsetMinutes);
  return today > now ? today : closingInstantOnDayOf(now + DAY, hhmm, offsetMinutes);
}

export interface ExportScheduleInput {
  now: number;
  everyHours: number;
  closingTime: string;
  /** Finish time of the last successful export (null: never). */
  lastOkAt: number | null;
  /** Finish time of the last failed one, if newer than the last success. */
  lastFailedAt: number | null;
  offsetMinutes: OffsetFn;
}

/**
 * When the next scheduled export should run (null: no schedule). May be in the past:
 * that means "due now" — e.g. the terminal was off at closing time, so it catches up
 * at the next start. A recent failure pushes the time to failure + 30 minutes.
 */
export function nextExportAt(s: ExportScheduleInput): number | null {
  const candidates: number[] = [];
  if (s.everyHours > 0) candidates.push(s.lastOkAt === null ? s.now : s.lastOkAt + s.everyHours * HOUR);
  if (s.closingTime) {
    const prev = previousClosing(s.now, s.closingTime, s.offsetMinutes);
    const missed = s.lastOkAt === null || s.lastOkAt < prev;
    candidates.push(missed ? prev : nextClosing(s.now, s.closingTime, s.offsetMinutes));
  }
  if (candidates.length === 0) return null;
  let next = Math.min(...candidates);
  if (s.lastFailedAt !== null && (s.lastOkAt === null || s.lastFailedAt > s.lastOkAt)) {
    next = Math.max(next, s.lastFailedAt + RETRY_AFTER_FAILURE_MS);
  }
  return next;
}

export function isExportDue(s: ExportScheduleInput): boolean {
  const at = nextExportAt(s);
  return at !== null && at <= s.now;
}

/** Backups: every N hours since the last one (null = never made: due now). */
export function nextBackupAt(s: { now: number; everyHours: number; lastAt: number | null }): number | null {
  if (s.everyHours <= 0) return null;
  return s.lastAt === null ? s.now : s.lastAt + s.everyHours * HOUR;
}

export function isBackupDue(s: { now: number; everyHours: number; lastAt: number | null }): boolean {
  const at = nextBackupAt(s);
  return at !== null && at <= s.now;
}

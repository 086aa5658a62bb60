/**
 * Calendar days in the store's time zone (settings.timeZone, '' = this machine's), for
 * expiry dates: "spendable through the whole of its expiry date, gone the next day"
 * needs the instant a local day begins, which Intl gives only indirectly (the zone's
 * offset at an instant). Pure; no time-zone database beyond what Intl ships.
 */
export interface LocalDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone || undefined,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** True when Intl knows the zone (settings validation). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function localDayOf(ms: number, timeZone: string): LocalDay {
  const w = wallClock(ms, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/** The zone's offset (local − UTC, ms) at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local day begins (its first moment; on a day whose midnight a DST change
 * skips, the first moment that exists). Day overflow is normalised (32 Jan → 1 Feb).
 */
export function startOfLocalDay(d: LocalDay, timeZone: string): number {
  const utcMidnight = Date.UTC(d.year, d.month - 1, d.day);
  // Two refinements settle every real zone: the offset at the guess, then at the result.
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  guess = utcMidnight - offsetAt(guess, timeZone);
  const w = localDayOf(guess, timeZone);
  const want = new Date(utcMidnight);
  // A skipped midnight lands the guess on the previous evening: the day begins an hour on.
  if (w.day !== want.getUTCDate()) guess += 3_600_000;
  return guess;
}

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A local day plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addLocalMonths(d: LocalDay, months: number): LocalDay {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

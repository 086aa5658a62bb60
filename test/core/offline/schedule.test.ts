import { describe, expect, it } from 'vitest';
import {
  closingInstantOnDayOf,
  isBackupDue,
  isExportDue,
  nextBackupAt,
  nextExportAt,
  RETRY_AFTER_FAILURE_MS,
} from '../../../src/main/core/offline/schedule';

const H = 3_600_000;
const CN = () => 480;
/** 2026-11-25 hh:mm in Shanghai. */
const sh = (hh: number, mm = 0, day = 25) => Date.UTC(2026, 10, day, hh - 8, mm);

describe('export schedule', () => {
  it('no schedule: never due', () => {
    const s = { now: sh(12), everyHours: 0, closingTime: '', lastOkAt: null, lastFailedAt: null, offsetMinutes: CN };
    expect(nextExportAt(s)).toBeNull();
    expect(isExportDue(s)).toBe(false);
  });

  it('every N hours from the last success; never exported: due now', () => {
    const base = { everyHours: 4, closingTime: '', lastFailedAt: null, offsetMinutes: CN };
    expect(nextExportAt({ ...base, now: sh(12), lastOkAt: null })).toBe(sh(12));
    expect(nextExportAt({ ...base, now: sh(12), lastOkAt: sh(10) })).toBe(sh(14));
    expect(isExportDue({ ...base, now: sh(13, 59), lastOkAt: sh(10) })).toBe(false);
    expect(isExportDue({ ...base, now: sh(14), lastOkAt: sh(10) })).toBe(true);
  });

  it('closing time in local time; a missed closing (terminal off) is caught up', () => {
    const base = { everyHours: 0, closingTime: '22:00', lastFailedAt: null, offsetMinutes: CN };
    expect(closingInstantOnDayOf(sh(12), '22:00', CN)).toBe(sh(22));
    expect(nextExportAt({ ...base, now: sh(12), lastOkAt: sh(22, 0, 24) })).toBe(sh(22));
    expect(isExportDue({ ...base, now: sh(22), lastOkAt: sh(22, 0, 24) })).toBe(true);
    // Ran at 22:00 today: next is tomorrow 22:00.
    expect(nextExportAt({ ...base, now: sh(23), lastOkAt: sh(22, 1) })).toBe(sh(22, 0, 26));
    // Off at 22:00 yesterday, started at 08:00 today: due at once.
    expect(isExportDue({ ...base, now: sh(8), lastOkAt: sh(21, 0, 24) })).toBe(true);
    // A manual export at 21:59 does not cancel the closing export.
    expect(isExportDue({ ...base, now: sh(22, 1), lastOkAt: sh(21, 59) })).toBe(true);
  });

  it('closing time just after local midnight maps to the right UTC day', () => {
    expect(closingInstantOnDayOf(sh(0, 30), '00:15', CN)).toBe(sh(0, 15));
    expect(closingInstantOnDayOf(sh(23, 50), '00:15', CN)).toBe(sh(0, 15));
  });

  it('respects a DST shift on the day (offset looked up at the instant)', () => {
    // A zone at +60 before 01:00 UTC on the day and +120 after (spring forward).
    const switchAt = Date.UTC(2026, 2, 29, 1, 0);
    const offset = (at: number) => (at < switchAt ? 60 : 120);
    // 22:00 local after the switch = 20:00 UTC.
    expect(closingInstantOnDayOf(Date.UTC(2026, 2, 29, 12), '22:00', offset)).toBe(Date.UTC(2026, 2, 29, 20));
  });

  it('the earlier of interval and closing wins; a recent failure waits 30 minutes', () => {
    const s = {
      now: sh(21),
      everyHours: 2,
      closingTime: '22:00',
      lastOkAt: sh(20, 30),
      lastFailedAt: null,
      offsetMinutes: CN,
    };
    expect(nextExportAt(s)).toBe(sh(22));
    const failed = { ...s, now: sh(22, 5), lastFailedAt: sh(22, 1) };
    expect(nextExportAt(failed)).toBe(sh(22, 1) + RETRY_AFTER_FAILURE_MS);
    expect(isExportDue(failed)).toBe(false);
    expect(isExportDue({ ...failed, now: sh(22, 31) })).toBe(true);
  });
});

describe('backup schedule', () => {
  it('every N hours; never backed up: due now; 0 = off', () => {
    expect(nextBackupAt({ now: 1000, everyHours: 24, lastAt: null })).toBe(1000);
    expect(isBackupDue({ now: 23 * H, everyHours: 24, lastAt: 0 })).toBe(false);
    expect(isBackupDue({ now: 24 * H, everyHours: 24, lastAt: 0 })).toBe(true);
    expect(isBackupDue({ now: 1e12, everyHours: 0, lastAt: null })).toBe(false);
  });
});

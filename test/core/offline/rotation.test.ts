import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planRotation, type RotationInput } from '../../../src/main/core/offline/backup/rotation';

const DAY = 86_400_000;
const CN = () => 480; // UTC+8, no DST
const base = Date.UTC(2026, 10, 25, 2, 0); // Wed 25 Nov 2026 10:00 in Shanghai

const auto = (at: number, i = 0): RotationInput => ({ name: `auto-${at}-${i}`, createdAt: at, trigger: 'auto' });

describe('backup rotation', () => {
  it('keeps the newest of each of the last N days, then one per week for M weeks', () => {
    // Two backups a day for 60 days.
    const backups = Array.from({ length: 60 }, (_, d) => [
      auto(base - d * DAY, 0),
      auto(base - d * DAY - 3_600_000, 1),
    ]).flat();
    const { keep, remove } = planRotation(backups, { keepDaily: 7, keepWeekly: 4, keepRecent: 0, offsetMinutes: CN });
    expect(keep.length).toBe(11);
    expect(keep.slice(0, 7)).toEqual(Array.from({ length: 7 }, (_, d) => `auto-${base - d * DAY}-0`));
    expect(remove.length + keep.length).toBe(120);
    // Weekly picks are in distinct weeks, all older than the daily ones.
    const weekly = keep.slice(7).map((n) => Number(n.split('-')[1]));
    expect(new Set(weekly.map((t) => Math.floor((Math.floor((t + 8 * 3_600_000) / DAY) + 3) / 7))).size).toBe(4);
    for (const t of weekly) expect(t).toBeLessThan(base - 6 * DAY);
  });

  it('counts days with a backup, not calendar days (a closed week loses nothing)', () => {
    const backups = [auto(base), auto(base - 20 * DAY), auto(base - 21 * DAY)];
    const { keep } = planRotation(backups, { keepDaily: 3, keepWeekly: 0, keepRecent: 0, offsetMinutes: CN });
    expect(keep).toHaveLength(3);
  });

  it('uses the local day: 23:30 and 00:30 Shanghai time are two days', () => {
    const midnight = Date.UTC(2026, 10, 24, 16, 0); // 00:00 on the 25th in Shanghai
    const a = auto(midnight - 30 * 60_000);
    const b = auto(midnight + 30 * 60_000);
    const { keep } = planRotation([a, b], { keepDaily: 2, keepWeekly: 0, keepRecent: 0, offsetMinutes: CN });
    expect(keep).toEqual([b.name, a.name]);
    expect(planRotation([a, b], { keepDaily: 1, keepWeekly: 0, keepRecent: 0, offsetMinutes: () => 0 }).keep).toEqual([
      b.name,
    ]);
  });

  it('keeps the newest few regardless, and pre-restore copies on their own count', () => {
    const backups: RotationInput[] = [
      auto(base),
      auto(base - 60_000),
      auto(base - 120_000),
      { name: 'pr1', createdAt: base - 1, trigger: 'pre-restore' },
      { name: 'pr2', createdAt: base - 2, trigger: 'pre-restore' },
    ];
    const { keep } = planRotation(backups, {
      keepDaily: 1,
      keepWeekly: 0,
      keepRecent: 2,
      keepPreRestore: 1,
      offsetMinutes: CN,
    });
    expect(keep.sort()).toEqual([auto(base).name, auto(base - 60_000).name, 'pr1'].sort());
  });

  it('property: never removes the newest backup, keeps at most daily+weekly+recent, partitions the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 * 24 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 8 }),
        (hours, keepDaily, keepWeekly) => {
          const backups = hours.map((h, i) => auto(base - h * 3_600_000, i));
          const { keep, remove } = planRotation(backups, { keepDaily, keepWeekly, offsetMinutes: CN });
          const newest = [...backups].sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name))[0];
          expect(keep).toContain(newest.name);
          expect(keep.length).toBeLessThanOrEqual(keepDaily + keepWeekly + 3);
          expect([...keep, ...remove].sort()).toEqual(backups.map((b) => b.name).sort());
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { foldLots } from '../../../src/main/core/sync/outbox-step';
import { MAX_PUSHED_LOTS, pushedEntry } from '../../../src/shared/sync';

const ENTRY = '01900000-0000-7000-8000-000000000001';

describe('a credit’s expiry parts on the wire', () => {
  it('up to the limit as they are; beyond it the rest folds into its latest date (never sooner), the total kept', () => {
    const few = [
      { points: 5, expiresAt: 1_000 },
      { points: 7, expiresAt: null },
    ];
    expect(foldLots(few)).toBe(few);
    const many = Array.from({ length: 150 }, (_, i) => ({ points: i + 1, expiresAt: 1_000 + i }));
    const folded = foldLots(many);
    expect(folded).toHaveLength(MAX_PUSHED_LOTS);
    expect(folded.slice(0, 99)).toEqual(many.slice(0, 99));
    expect(folded[99]).toEqual({ points: many.slice(99).reduce((a, l) => a + l.points, 0), expiresAt: 1_149 });
    const total = many.reduce((a, l) => a + l.points, 0);
    expect(folded.reduce((a, l) => a + l.points, 0)).toBe(total);
    expect(pushedEntry.safeParse({ entryId: ENTRY, kind: 'earn', points: total, lots: folded }).success).toBe(true);
    // A never-expiring part among the rest: the folded part never expires either.
    const withNever = [...many.slice(0, 120), { points: 3, expiresAt: null }];
    expect(foldLots(withNever)[99].expiresAt).toBeNull();
  });
});

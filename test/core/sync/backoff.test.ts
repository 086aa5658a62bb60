import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextDelay } from '../../../src/main/core/sync/backoff';

describe('sync back-off', () => {
  it('idles while all is well, doubles per failure in a row up to the cap, with jitter in the upper half', () => {
    expect(nextDelay(0)).toBe(DEFAULT_BACKOFF.idleMs);
    expect([1, 2, 3, 4].map((n) => nextDelay(n, DEFAULT_BACKOFF, () => 1))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect([1, 2, 3].map((n) => nextDelay(n, DEFAULT_BACKOFF, () => 0))).toEqual([1_000, 2_000, 4_000]);
    expect(nextDelay(50, DEFAULT_BACKOFF, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(nextDelay(50, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.maxMs / 2);
    // Terminals coming back together spread out.
    const spread = new Set(Array.from({ length: 20 }, () => nextDelay(5)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

/**
 * When the loop tries again: soon while all is well, exponentially later after each
 * failure in a row (2 s, 4 s, 8 s … up to 5 min), with jitter so that a store's
 * terminals coming back after an outage do not all knock at the same instant. "Equal
 * jitter": a random point in the upper half of the window, so a retry is never
 * immediate and never later than the cap.
 */
export interface BackoffPolicy {
  idleMs: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { idleMs: 15_000, baseMs: 2_000, maxMs: 5 * 60_000 };

export function nextDelay(failuresInARow: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random) {
  if (failuresInARow <= 0) return policy.idleMs;
  const window = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failuresInARow - 1, 30));
  return Math.round(window / 2 + random() * (window / 2));
}

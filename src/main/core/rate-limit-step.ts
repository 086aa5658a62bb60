import type { RateLimitSpec } from '../../shared/contract/define';

/**
 * The dispatcher's rate-limit step (a channel's `rateLimit`, step 3b): one token bucket
 * per session and bucket name, held beside the session object (a WeakMap: an ended
 * session's buckets go with it; a restart signs everyone out and empties them). A token bucket, not a fixed window: a
 * cashier's bursts (a phone number typed digit by digit: ~11 searches in 2 s) pass
 * while the sustained rate of a harvest is capped at `perSecond`.
 *
 * A burst of refusals is audited once: the first refusal after the bucket was last full
 * is reported `burstStarted`, the dispatcher writes one record; later refusals of the
 * same burst only count (`refused`, carried into the next burst's record).
 */
interface Bucket {
  tokens: number;
  at: number;
  /** Refused since this burst started; 0 = not throttled. */
  refused: number;
}

export type RateDecision =
  { ok: true } | { ok: false; retryAfterMs: number; burstStarted: boolean; refusedInLastBurst: number };

export interface RateLimiter {
  take(session: object, spec: RateLimitSpec, now: number): RateDecision;
}

export function createRateLimiter(): RateLimiter {
  const buckets = new WeakMap<object, Map<string, Bucket & { lastBurstRefused: number }>>();
  return {
    take(session, spec, now) {
      let mine = buckets.get(session);
      if (!mine) buckets.set(session, (mine = new Map()));
      let b = mine.get(spec.bucket);
      if (!b) mine.set(spec.bucket, (b = { tokens: spec.burst, at: now, refused: 0, lastBurstRefused: 0 }));
      const elapsed = Math.max(0, now - b.at);
      b.tokens = Math.min(spec.burst, b.tokens + (elapsed * spec.perSecond) / 1000);
      b.at = now;
      // Full again: the burst (if any) is over.
      if (b.tokens >= spec.burst && b.refused > 0) {
        b.lastBurstRefused = b.refused;
        b.refused = 0;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      const burstStarted = b.refused === 0;
      b.refused += 1;
      const retryAfterMs = Math.ceil(((1 - b.tokens) * 1000) / spec.perSecond);
      const refusedInLastBurst = burstStarted ? b.lastBurstRefused : 0;
      return { ok: false, retryAfterMs, burstStarted, refusedInLastBurst };
    },
  };
}

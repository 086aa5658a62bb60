import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/main/core/rate-limit-step';
import { MEMBER_LOOKUP_LIMIT } from '../../src/shared/contract/members';
import { makeStaffedCore } from '../helpers/core';

const spec = MEMBER_LOOKUP_LIMIT;

describe('rate-limit step (token bucket per session)', () => {
  it('the counter is never throttled: an 11-digit phone typed digit by digit (one search a key), customer after customer', () => {
    const limiter = createRateLimiter();
    const session = {};
    let t = 0;
    let refused = 0;
    // What use-member-search.ts sends: a key ≥ 60 ms after the previous one searches at
    // once. A fast typist: 11 digits 120 ms apart, Enter, the award, next customer 8 s later
    // — an hour of it, ~1.4 searches a second sustained with bursts of 11.
    for (let customer = 0; customer < 450; customer++) {
      for (let key = 0; key < 11; key++) {
        if (!limiter.take(session, spec, t).ok) refused++;
        t += 120;
      }
      t += 8_000 - 11 * 120;
    }
    expect(refused).toBe(0);
  });

  it('a burst of the bucket size passes at once; after it, the refill rate; the burst ends once full again', () => {
    const limiter = createRateLimiter();
    const session = {};
    for (let i = 0; i < spec.burst; i++) expect(limiter.take(session, spec, 0).ok).toBe(true);
    const first = limiter.take(session, spec, 0);
    expect(first).toEqual({ ok: false, retryAfterMs: 500, burstStarted: true, refusedInLastBurst: 0 });
    const second = limiter.take(session, spec, 100);
    expect(second).toMatchObject({ ok: false, burstStarted: false });
    // Half a second refills one token.
    expect(limiter.take(session, spec, 600).ok).toBe(true);
    expect(limiter.take(session, spec, 600)).toMatchObject({ ok: false, burstStarted: false });
    // Quiet until full (burst / perSecond = 20 s): the next burst is a new one, and says how
    // many the last one refused.
    const later = 600 + (spec.burst / spec.perSecond) * 1000;
    for (let i = 0; i < spec.burst; i++) expect(limiter.take(session, spec, later).ok).toBe(true);
    expect(limiter.take(session, spec, later)).toMatchObject({ ok: false, burstStarted: true, refusedInLastBurst: 3 });
  });

  it('sessions and buckets are apart: one session throttled leaves another alone', () => {
    const limiter = createRateLimiter();
    const a = {};
    const b = {};
    for (let i = 0; i <= spec.burst; i++) limiter.take(a, spec, 0);
    expect(limiter.take(a, spec, 0).ok).toBe(false);
    expect(limiter.take(b, spec, 0).ok).toBe(true);
    expect(limiter.take(a, { ...spec, bucket: 'other' }, 0).ok).toBe(true);
  });

  it('through the dispatcher: search and card look-up share the bucket; refused before validation; one record per burst', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (let i = 0; i < spec.burst - 1; i++) await core.ok('members:search', { query: 'ab' }, tokens.cashier);
    expect((await core.call('members:lookupCard', { cardNumber: '2900000000001' }, tokens.cashier)).ok).toBe(false);
    const r = await core.call('members:search', { query: 'ab' }, tokens.cashier);
    expect(r.ok || r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'lookupsThrottled' } });
    // Malformed calls cost a token too (and are refused the same way once it is gone).
    const bad = await core.call('members:search', { query: 42 } as never, tokens.cashier);
    expect(bad.ok || bad.error.details?.reason).toBe('lookupsThrottled');
    // Another session of the same cashier, and the manager, are not throttled.
    expect((await core.call('members:search', { query: 'ab' }, tokens.manager)).ok).toBe(true);
    const rows = core.db
      .prepare("SELECT actor_name, details FROM audit_log WHERE action = 'members.lookupsThrottled'")
      .all() as { actor_name: string; details: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_name).toBe('cathy');
    expect(JSON.parse(rows[0].details)).toEqual({
      channel: 'members:search',
      burst: spec.burst,
      perSecond: spec.perSecond,
      refusedInLastBurst: 0,
    });
    // Refilled after a pause.
    core.clock.advance(1_000);
    expect((await core.call('members:search', { query: 'ab' }, tokens.cashier)).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { opsFromCaptures, type Capture } from '../../../src/main/core/sync/capture-ops';
import { pushOp } from '../../../src/shared/sync';

/**
 * A redemption's entries carry the redemption and its reward on the wire (terminal
 * migration 028), for head office's "Redemptions by reward". One the wire would refuse
 * (an old entry whose facts named no reward) goes without it rather than refuse the points.
 */
const MEMBER = '01900000-0000-7000-8000-000000000001';
const REDEMPTION = '01900000-0000-7000-8000-000000000002';
const REWARD = '01900000-0000-7000-8000-000000000003';
const E = (n: number) => `01900000-0000-7000-8000-1000000000${n.toString().padStart(2, '0')}`;

const entry = (n: number, kind: string, points: number, redemption: unknown): Capture =>
  ({
    what: 'entry',
    row: { entryId: E(n), memberId: MEMBER, kind, points, refId: REDEMPTION, reason: null, at: 1, redemption },
  }) as Capture;

describe('capture → ops for redemptions', () => {
  it('names the redemption on redeem and redeem_void entries, and leaves out one the wire would refuse', () => {
    const named = { id: REDEMPTION, rewardId: REWARD, rewardName: 'Coffee, large' };
    const ops = opsFromCaptures([
      entry(1, 'redeem', -100, named),
      entry(2, 'redeem_void', 100, named),
      entry(3, 'redeem', -50, { id: REDEMPTION, rewardId: null, rewardName: null }), // facts without a reward
      entry(4, 'redeem', -50, null),
      entry(5, 'adjust', 10, null),
    ]);
    expect(ops).toHaveLength(1);
    const body = ops[0].body;
    if (body.kind !== 'points.ledger') throw new Error(body.kind);
    expect(body.payload.entries.map((e) => e.redemption ?? null)).toEqual([named, named, null, null, null]);
    const wire = pushOp.safeParse({ opId: E(90), seq: 1, at: 1, staff: null, ...body });
    expect(wire.success).toBe(true);
    // A redemption on any other entry is refused by the wire.
    const wrong = {
      ...body,
      payload: { ...body.payload, entries: [{ entryId: E(6), kind: 'adjust', points: 5, redemption: named }] },
    };
    expect(pushOp.safeParse({ opId: E(91), seq: 2, at: 1, staff: null, ...wrong }).success).toBe(false);
  });
});

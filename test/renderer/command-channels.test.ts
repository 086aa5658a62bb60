import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { takesOpId } from '../../src/renderer/src/lib/channel-input';
import { invalidatedBy } from '../../src/renderer/src/lib/invalidation';

/** Issue 9 "nothing twice": every action that spends or gives back points carries an op id. */
const SPENDING_OR_REVERSING = [
  'points:award', // also pay-with-points (pointsToUse)
  'points:refund',
  'points:adjust',
  'points:clearMember',
  'points:bulkClear',
  'rewards:redeem',
  'rewards:void',
] as const;

describe('the channels useCommand drives', () => {
  it('every spending or reversing channel takes an op id, which useCommand adds', () => {
    for (const c of SPENDING_OR_REVERSING) expect(takesOpId(c), c).toBe(true);
    expect(takesOpId('members:register')).toBe(true);
    expect(takesOpId('points:memberSummary')).toBe(false);
  });

  it('each of them makes the member’s balance and history stale', () => {
    for (const c of SPENDING_OR_REVERSING) {
      expect(invalidatedBy(c), c).toEqual(expect.arrayContaining(['points:memberSummary', 'points:history']));
    }
  });

  it('invalidates only channels that exist, and never itself', () => {
    for (const c of CHANNEL_NAMES) {
      for (const target of invalidatedBy(c)) {
        expect(CHANNEL_NAMES, `${c} → ${target}`).toContain(target);
        expect(target).not.toBe(c);
      }
    }
  });
});

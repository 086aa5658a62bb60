import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName } from '../../src/shared/contract';
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

  it('refreshes at least what the panels refreshed before the contract carried `invalidates`', () => {
    // ui-commands' hand-written map (lib/invalidation.ts until the contract declared it):
    // nothing the cashier saw refresh may stop refreshing.
    const MEMBER_POINTS = [
      'points:memberSummary',
      'points:history',
      'points:expiring',
      'points:payQuote',
      'rewards:affordable',
      'reports:memberInsights',
    ] as const;
    const REDEMPTIONS = ['rewards:list', 'rewards:listRedemptions'] as const;
    const MEMBERS = ['members:get', 'members:search', 'members:list'] as const;
    const before: Partial<Record<ChannelName, readonly ChannelName[]>> = {
      'points:award': [...MEMBER_POINTS, 'points:listPurchases'],
      'points:refund': [...MEMBER_POINTS, 'points:listPurchases', 'points:getPurchase'],
      'points:adjust': MEMBER_POINTS,
      'points:clearMember': MEMBER_POINTS,
      'points:bulkClear': MEMBER_POINTS,
      'points:runExpiry': MEMBER_POINTS,
      'points:saveRules': ['points:getRules', 'points:listRuleVersions', ...MEMBER_POINTS],
      'rewards:redeem': [...MEMBER_POINTS, ...REDEMPTIONS],
      'rewards:void': [...MEMBER_POINTS, ...REDEMPTIONS],
      'rewards:create': ['rewards:list', 'rewards:affordable', 'reports:memberInsights'],
      'rewards:update': ['rewards:list', 'rewards:affordable', 'reports:memberInsights'],
      'members:register': MEMBERS,
      'members:update': MEMBERS,
      'members:deactivate': MEMBERS,
      'members:reactivate': MEMBERS,
      'members:setPin': ['members:get'],
      'members:changePin': ['members:get'],
      'members:resetPin': ['members:get'],
      'members:erase': MEMBERS,
      'staff:create': ['staff:list'],
      'staff:deactivate': ['staff:list'],
      'staff:reactivate': ['staff:list'],
      'settings:update': ['settings:get'],
    };
    for (const [c, queries] of Object.entries(before) as [ChannelName, readonly ChannelName[]][]) {
      expect(invalidatedBy(c), c).toEqual(expect.arrayContaining([...queries]));
    }
  });
});

import type { ChannelName } from '../../../shared/contract';

/**
 * Which queries a successful command makes stale, in ONE place. This is what the panels
 * re-read by hand before `useCommand` (the counter's points-changed signal, each panel's
 * reload after its own write). When the contract's channel definitions carry
 * `invalidates`, this becomes `contract[channel].invalidates ?? []`.
 */
const MEMBER_POINTS: readonly ChannelName[] = [
  'points:memberSummary',
  'points:history',
  'points:expiring',
  'points:payQuote',
  'rewards:affordable',
  'reports:memberInsights',
];
const REDEMPTIONS: readonly ChannelName[] = ['rewards:list', 'rewards:listRedemptions'];
const MEMBERS: readonly ChannelName[] = ['members:get', 'members:search', 'members:list'];

const INVALIDATES: Partial<Record<ChannelName, readonly ChannelName[]>> = {
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

export function invalidatedBy(channel: ChannelName): readonly ChannelName[] {
  return INVALIDATES[channel] ?? [];
}

import type { ReadDb } from '../db/open-database';
import type { MemberStandingDto } from '../../../shared/contract/points';
import { balanceOf } from './ledger';
import { ruleSetAt } from './rules-repo';
import { tierStanding, zoneOf } from './tier-policy';

/**
 * Balance and tier of a page of members (the managers' member list). The tier is the
 * counter's (tier-policy.ts: the same spend, basis and downgrade policy), so a member with no purchases is in
 * a tier whose threshold is 0 here exactly as at the counter. Unknown ids get balance 0
 * and the spend-0 tier (the list only asks for ids it was given). A page is ≤ 500 ids,
 * three indexed lookups each.
 */
export function standingsOf(db: ReadDb, memberIds: readonly string[], now: number): MemberStandingDto[] {
  const { rules } = ruleSetAt(db, now);
  const zone = zoneOf(db);
  return memberIds.map((memberId) => {
    const tier = rules.tiers.length === 0 ? null : tierStanding(db, rules, memberId, now, { timeZone: zone }).tier;
    return { memberId, balance: balanceOf(db, memberId), tier: tier?.name ?? null };
  });
}

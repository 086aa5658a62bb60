import type { ReadDb } from '../db/open-database';
import type { MemberStandingDto } from '../../../shared/contract/points';
import { tierFor } from './earn-calc';
import { balanceOf } from './ledger';
import { ruleSetAt } from './rules-repo';
import { rollingSpend } from './tiers';

/**
 * Balance and tier of a page of members (the managers' member list). The tier is the
 * counter's: `tierFor` over the same rolling spend, so a member with no purchases is in
 * a tier whose threshold is 0 here exactly as at the counter. Unknown ids get balance 0
 * and the spend-0 tier (the list only asks for ids it was given). A page is ≤ 500 ids,
 * three indexed lookups each.
 */
export function standingsOf(db: ReadDb, memberIds: readonly string[], now: number): MemberStandingDto[] {
  const { rules } = ruleSetAt(db, now);
  return memberIds.map((memberId) => {
    const tier =
      rules.tiers.length === 0 ? null : tierFor(rules, rollingSpend(db, memberId, now, rules.tierWindowMonths));
    return { memberId, balance: balanceOf(db, memberId), tier: tier?.name ?? null };
  });
}

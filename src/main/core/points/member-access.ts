import type { HandlerContext } from '../context';
import {
  birthdayOf,
  canEarn,
  findMember,
  loadMember,
  memberIdByCard,
  requireActiveMember,
  requireMember,
} from '../members/member-repo';
import { verifyMemberPin } from '../members/pin';
import { mergedInto, provisionalsMergedInto, requireNotProvisional } from '../members/provisional';

/**
 * The points area's only view of the members area: does the member exist, may they
 * earn and spend, and does their PIN match — all through functions the members area
 * exports (it owns the members table). Kept in one file so the coupling is visible.
 */
export {
  findMember,
  requireActiveMember,
  requireMember,
  birthdayOf,
  memberIdByCard,
  canEarn,
  requireNotProvisional,
  mergedInto,
  provisionalsMergedInto,
};

/** How authorising a spend can be refused (SPEND_PIN_REFUSALS in the contract, plus the member lookups). */
export type SpendRefusal =
  'memberNotFound' | 'memberErased' | 'pinNotSet' | 'pinRequired' | 'pinElsewhere' | 'pinBackoff' | 'pinWrong';

/**
 * When the rules require a PIN to spend points, the member must have one and it must
 * match. Must run before the operation writes anything: a wrong PIN commits only the
 * members area's attempt counter and audit record (keepWrites).
 */
export function authoriseSpend(
  ctx: HandlerContext<SpendRefusal>,
  memberId: string,
  pinRequired: boolean,
  pin: string | undefined,
) {
  if (!pinRequired) return;
  const row = loadMember(ctx, memberId);
  if (row.pin_hash === null) {
    throw ctx.refuse(
      'pinNotSet',
      { field: 'pin' },
      { message: 'This member has no PIN yet: set one before redeeming' },
    );
  }
  verifyMemberPin(ctx, memberId, pin);
}

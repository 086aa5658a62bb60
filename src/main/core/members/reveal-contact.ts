import type { HandlerContext } from '../context';
import type { RevealedContactDto } from '../../../shared/contract/members';
import { seesFullContact } from './contact-mask';
import { countryOf, loadLiveMember } from './member-repo';
import { displayPhone } from './normalize';
import { recentActionsBy } from '../audit/audit-log';

/**
 * "Show contact" (members:revealContact): the full phone and email of one member, one
 * member per call, each call audited (`members.contactRevealed`, declared on the
 * channel, with the reason code). A cashier gets at most this many in any rolling hour,
 * counted from the audit log itself (so signing out and in again does not reset it);
 * managers and owners are not limited (they see full data everywhere). Whether a
 * manager must approve each reveal is the `approvalContactReveal` setting.
 */
export const CONTACT_REVEALS_PER_HOUR = 10;
const HOUR_MS = 60 * 60_000;

export function revealContact(
  ctx: HandlerContext<'memberNotFound' | 'memberErased' | 'revealLimit'>,
  memberId: string,
): RevealedContactDto {
  const actor = ctx.requireActor();
  const row = loadLiveMember(ctx, memberId);
  if (!seesFullContact(actor.role)) {
    const recent = recentActionsBy(ctx.db, 'members.contactRevealed', actor.staffId, ctx.now() - HOUR_MS);
    if (recent.count >= CONTACT_REVEALS_PER_HOUR) {
      throw ctx.refuse('revealLimit', {
        limit: CONTACT_REVEALS_PER_HOUR,
        retryAfterMs: Math.max(1_000, (recent.firstAt ?? ctx.now()) + HOUR_MS - ctx.now()),
      });
    }
  }
  return {
    memberId: row.id,
    phone: row.phone,
    phoneDisplay: displayPhone(row.phone, countryOf(ctx)),
    email: row.email,
  };
}

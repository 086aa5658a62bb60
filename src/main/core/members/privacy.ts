import type { HandlerContext } from '../context';
import type { MemberDataExport } from '../../../shared/contract/members';
import { auditTrailOf } from '../audit/audit-log';
import { countryOf, loadLiveMember, loadMember, toMemberDto, writeNameGrams } from './member-repo';

/**
 * Subject access and erasure.
 *
 * Other areas hold data about members (the points ledger, redemptions). Each adds its
 * part through the `memberData` of its area module (listed in core/areas.ts), so this
 * file never needs to know their tables.
 */
export function exportMemberData(ctx: HandlerContext<'memberNotFound'>, memberId: string): MemberDataExport {
  const row = loadMember(ctx, memberId);
  const out: Record<string, unknown> = {};
  for (const [area, read] of ctx.memberData) out[area] = read(ctx.db, row.id);
  const audit = auditTrailOf(ctx.db, row.id);
  return {
    format: 'perkdesk.member-export.v1',
    exportedAt: new Date(ctx.now()).toISOString(),
    member: toMemberDto(row, countryOf(ctx)),
    sections: out,
    auditTrail: audit.map((a) => ({
      at: new Date(a.at).toISOString(),
      action: a.action,
      actor: a.actor_name,
      details: JSON.parse(a.details) as unknown,
    })),
  };
}

/**
 * Removes the personal data and keeps the pseudonymous row: the ledger (and every other
 * table) still joins on members.id, balances and reports stay correct, and nothing in the
 * row identifies the person any more. The phone and email become free for someone else.
 * Audit records never held the personal data in the first place (only field names).
 */
export function eraseMember(ctx: HandlerContext<'memberNotFound' | 'memberErased'>, memberId: string): void {
  const row = loadLiveMember(ctx, memberId);
  const now = ctx.now();
  ctx.db
    .prepare(
      `UPDATE members SET name = NULL, name_key = NULL, phone = NULL, phone_last4 = NULL, email = NULL,
         birthday = NULL, marketing_consent = 0, pin_hash = NULL, pin_failed_attempts = 0, pin_locked_until = 0,
         reset_failed_attempts = 0, reset_locked_until = 0, active = 0, erased_at = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(now, now, row.id);
  writeNameGrams(ctx.db, row.seq, null);
}

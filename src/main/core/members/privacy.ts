import type { Db } from '../db/open-database';
import type { HandlerContext } from '../context';
import type { MemberDataExport } from '../../../shared/contract/members';
import { countryOf, loadLiveMember, loadMember, toMemberDto, writeNameGrams } from './member-repo';

/**
 * Subject access and erasure.
 *
 * Other areas hold data about members (the points ledger, redemptions). They add it to
 * the export by registering a section here, so this file never needs to know their
 * tables: `registerMemberDataSection('points', (db, memberId) => ({ ... }))`.
 */
export type MemberDataSection = (db: Db, memberId: string) => unknown;
const sections = new Map<string, MemberDataSection>();

export function registerMemberDataSection(area: string, read: MemberDataSection): void {
  sections.set(area, read);
}

export function exportMemberData(ctx: HandlerContext, memberId: string): MemberDataExport {
  const row = loadMember(ctx.db, memberId);
  const out: Record<string, unknown> = {};
  for (const [area, read] of sections) out[area] = read(ctx.db, row.id);
  const audit = ctx.db
    .prepare('SELECT at, action, actor_name, details FROM audit_log WHERE target = ? ORDER BY seq')
    .all(row.id) as { at: number; action: string; actor_name: string | null; details: string }[];
  ctx.audit('members.exported', row.id);
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
export function eraseMember(ctx: HandlerContext, memberId: string, reason: string): void {
  const row = loadLiveMember(ctx.db, memberId);
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
  ctx.audit('members.erased', row.id, { reason: reason.trim() });
}

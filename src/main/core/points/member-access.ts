import type { HandlerContext } from '../context';
import type { Db } from '../db/open-database';
import { AppError, notFound } from '../errors';
import { stmt } from '../db/statements';
import { loadMember } from '../members/member-repo';
import { verifyMemberPin } from '../members/pin';

/**
 * The points area's only view of the members area: does the member exist, may they
 * earn and spend, and does their PIN match. Kept in one file so the coupling is visible.
 */

/** Any member that ever existed (manager actions, refunds and voids still apply after deactivation). */
export function requireMember(db: Db, memberId: string): void {
  loadMember(db, memberId); // throws NOT_FOUND
}

/**
 * Earning and spending need an active member whose data was not erased. On the award
 * path, so it reads just the two columns with a cached statement.
 */
export function requireActiveMember(db: Db, memberId: string): void {
  const row = stmt(db, 'SELECT active, erased_at FROM members WHERE id = ?').get(memberId) as
    { active: number; erased_at: number | null } | undefined;
  if (!row) throw notFound('Member', { memberId });
  if (row.erased_at !== null) {
    throw new AppError('CONFLICT', 'This member’s personal data was erased', { reason: 'memberErased' });
  }
  if (row.active !== 1) {
    throw new AppError('CONFLICT', 'This member is deactivated', { reason: 'memberInactive' });
  }
}

/**
 * When the rules require a PIN to spend points, the member must have one and it must
 * match. Must run before the operation writes anything: a wrong PIN commits only the
 * members area's attempt counter and audit record (keepWrites).
 */
export function authoriseSpend(ctx: HandlerContext, memberId: string, pinRequired: boolean, pin: string | undefined) {
  if (!pinRequired) return;
  const row = loadMember(ctx.db, memberId);
  if (row.pin_hash === null) {
    throw new AppError('VALIDATION', 'This member has no PIN yet: set one before redeeming', {
      field: 'pin',
      reason: 'pinNotSet',
    });
  }
  verifyMemberPin(ctx, memberId, pin);
}

import type { Handler } from '../handler-types';
import { noted } from '../handler-types';
import { APPROVAL_TTL_MS } from './approvals';
import { checkStaffPassword } from './password-check';

/**
 * `staff:approve`: a manager or owner, at the cashier's terminal, approves one request
 * the approval step made (core/approval-step.ts). The password check is sign-in's: the
 * same failure counter and back-off on the approver's account (an approval dialog is no
 * better for guessing than the sign-in screen), one answer for an unknown user, a wrong
 * password and a deactivated account. The session stays the cashier's.
 */
export const approve: Handler<'staff:approve'> = (ctx, input) => {
  const actor = ctx.requireActor();
  const now = ctx.now();
  const request = ctx.sessions.approvals.pending(input.requestId, actor.token, now);
  if (!request) throw ctx.refuse('approvalNotFound');
  const failed = (why: string, row: { id: string } | null, extra: Record<string, unknown> = {}) =>
    ctx.audit('approval.failed', row?.id ?? null, {
      username: input.username,
      requestedBy: actor.username,
      channel: request.channel,
      reason: why,
      ...extra,
    });
  const check = checkStaffPassword(ctx, input.username, input.password);
  if (!check.ok) {
    failed(check.why, check.row, { failedAttempts: check.failedAttempts });
    if (check.retryAfterMs > 0) {
      throw ctx.refuse(
        'tooManyAttempts',
        { retryAfterMs: check.retryAfterMs, lockedUntil: check.lockedUntil },
        { keepWrites: true },
      );
    }
    throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
  }
  const { row } = check;
  if (row.active !== 1) {
    failed('inactive', row);
    throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
  }
  if (row.role === 'cashier' || row.id === request.requesterId) {
    failed('notAllowed', row, { role: row.role });
    throw ctx.refuse('approverNotAllowed', {}, { keepWrites: true });
  }
  const expiresAt = now + APPROVAL_TTL_MS;
  request.grant = { approverId: row.id, approverUsername: row.username, approvedAt: now, expiresAt };
  return noted(
    { approver: { id: row.id, username: row.username, displayName: row.display_name }, expiresAt },
    { channel: request.channel, policy: request.need.policy, opId: request.opId, facts: request.need.facts },
  );
};

import type { Handler } from '../handler-types';
import { noted } from '../handler-types';
import { backoffAfter } from './backoff';
import { APPROVAL_TTL_MS } from './approvals';
import { burnVerifyTime, verifySecret } from './passwords';
import { findStaffByUsername, setFailedAttempts } from './staff-repo';

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
  const row = findStaffByUsername(ctx.db, input.username);
  const failed = (why: string, extra: Record<string, unknown> = {}) =>
    ctx.audit('approval.failed', row?.id ?? null, {
      username: input.username,
      requestedBy: actor.username,
      channel: request.channel,
      reason: why,
      ...extra,
    });
  if (!row) {
    burnVerifyTime(ctx.config.bcryptCost);
    failed('unknownUser');
    throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
  }
  if (row.locked_until > now) {
    const retryAfterMs = row.locked_until - now;
    failed('backoff', { retryAfterMs });
    throw ctx.refuse('tooManyAttempts', { retryAfterMs, lockedUntil: row.locked_until }, { keepWrites: true });
  }
  if (!verifySecret(input.password, row.password_hash)) {
    const attempts = row.failed_attempts + 1;
    const backoff = backoffAfter(attempts);
    setFailedAttempts(ctx.db, row.id, attempts, backoff > 0 ? now + backoff : 0);
    failed('wrongPassword', { failedAttempts: attempts });
    if (backoff > 0) {
      ctx.audit('auth.backoff', row.id, { username: row.username, failedAttempts: attempts, backoffMs: backoff });
      throw ctx.refuse('tooManyAttempts', { retryAfterMs: backoff, lockedUntil: now + backoff }, { keepWrites: true });
    }
    throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
  }
  if (row.active !== 1) {
    failed('inactive');
    throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
  }
  if (row.failed_attempts > 0) setFailedAttempts(ctx.db, row.id, 0, 0);
  if (row.role === 'cashier' || row.id === request.requesterId) {
    failed('notAllowed', { role: row.role });
    throw ctx.refuse('approverNotAllowed', {}, { keepWrites: true });
  }
  const expiresAt = now + APPROVAL_TTL_MS;
  request.grant = { approverId: row.id, approverUsername: row.username, approvedAt: now, expiresAt };
  return noted(
    { approver: { id: row.id, username: row.username, displayName: row.display_name }, expiresAt },
    { channel: request.channel, policy: request.need.policy, opId: request.opId, facts: request.need.facts },
  );
};

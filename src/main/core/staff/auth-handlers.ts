import type { AreaHandlers } from '../handler-types';
import { AppError, conflict, invalid } from '../errors';
import { newId, randomCode } from '../ids';
import { passwordProblem } from './common-passwords';
import { burnVerifyTime, hashSecret, verifySecret } from './passwords';
import { backoffAfter } from './backoff';
import { countStaff, findStaffById, findStaffByUsername, toStaffDto } from './staff-repo';
import { readMeta, writeMeta } from '../meta';

const RECOVERY_KEY_META = 'owner_recovery_key_hash';

function assertAcceptablePassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw invalid(problem, { field: 'password' });
}

function newRecoveryKey(ctx: Parameters<AreaHandlers<'auth'>['auth:status']>[0]): string {
  // 5 groups of 5 base32 chars = 125 bits; only its bcrypt hash is stored.
  const key = randomCode(5, 5);
  writeMeta(ctx.db, RECOVERY_KEY_META, hashSecret(key, ctx.config.bcryptCost));
  return key;
}

export const authHandlers: AreaHandlers<'auth'> = {
  'auth:status': (ctx) => {
    const s = ctx.settings();
    return {
      needsSetup: countStaff(ctx.db) === 0,
      terminalId: ctx.terminalId,
      storeName: s.storeName,
      locale: s.locale,
      idleLockMinutes: s.idleLockMinutes,
    };
  },

  'auth:setupOwner': (ctx, input) => {
    if (countStaff(ctx.db) > 0) throw conflict('PerkDesk is already set up');
    assertAcceptablePassword(input.password, input.username);
    const now = ctx.now();
    const id = newId();
    ctx.db
      .prepare(
        `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES (?, ?, ?, 'owner', ?, ?, ?)`,
      )
      .run(id, input.username, input.displayName.trim(), hashSecret(input.password, ctx.config.bcryptCost), now, now);
    const recoveryKey = newRecoveryKey(ctx);
    ctx.audit('staff.ownerCreated', id, { username: input.username });
    return { recoveryKey };
  },

  'auth:signIn': (ctx, input) => {
    const now = ctx.now();
    const row = findStaffByUsername(ctx.db, input.username);
    const fail = (reason: string, extra: Record<string, unknown> = {}) => {
      ctx.audit('auth.signInFailed', row?.id ?? null, { username: input.username, reason, ...extra });
      return new AppError('UNAUTHENTICATED', 'Wrong user name or password', undefined, { keepWrites: true });
    };
    if (!row) {
      burnVerifyTime(ctx.config.bcryptCost);
      throw fail('unknownUser');
    }
    if (row.locked_until > now) {
      const retryAfterMs = row.locked_until - now;
      ctx.audit('auth.signInBlocked', row.id, { username: row.username, retryAfterMs });
      throw new AppError(
        'LOCKED',
        `Too many failed attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs, lockedUntil: row.locked_until },
        { keepWrites: true },
      );
    }
    if (!verifySecret(input.password, row.password_hash)) {
      const failed = row.failed_attempts + 1;
      const backoff = backoffAfter(failed);
      ctx.db
        .prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?')
        .run(failed, backoff > 0 ? now + backoff : 0, row.id);
      if (backoff > 0) {
        ctx.audit('auth.backoff', row.id, { username: row.username, failedAttempts: failed, backoffMs: backoff });
        ctx.audit('auth.signInFailed', row.id, { username: row.username, reason: 'wrongPassword' });
        throw new AppError(
          'LOCKED',
          `Too many failed attempts. Try again in ${Math.ceil(backoff / 1000)} s`,
          { retryAfterMs: backoff, lockedUntil: now + backoff },
          { keepWrites: true },
        );
      }
      throw fail('wrongPassword', { failedAttempts: failed });
    }
    if (row.active !== 1) throw fail('inactive');
    ctx.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = ?').run(row.id);
    const session = ctx.sessions.create(
      { id: row.id, username: row.username, displayName: row.display_name, role: row.role },
      now,
    );
    ctx.audit('auth.signIn', row.id, { username: row.username }, { staffId: row.id, username: row.username });
    return { token: session.token, staff: toStaffDto(row), idleLockMinutes: ctx.settings().idleLockMinutes };
  },

  'auth:signOut': (ctx) => {
    const actor = ctx.requireActor();
    ctx.sessions.end(actor.token);
    ctx.audit('auth.signOut', actor.staffId);
    return {};
  },

  'auth:me': (ctx) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    if (!row) throw new AppError('UNAUTHENTICATED', 'Signed out');
    return toStaffDto(row);
  },

  'auth:lock': (ctx) => {
    const actor = ctx.requireActor();
    const s = ctx.sessions.get(actor.token);
    if (s) s.locked = true;
    ctx.audit('auth.lock', actor.staffId);
    return {};
  },

  'auth:unlock': (ctx, input) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    const session = ctx.sessions.get(actor.token);
    if (!row || !session || row.active !== 1) throw new AppError('UNAUTHENTICATED', 'Signed out');
    const now = ctx.now();
    if (row.locked_until > now) {
      const retryAfterMs = row.locked_until - now;
      throw new AppError('LOCKED', `Too many failed attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
        retryAfterMs,
      });
    }
    if (!verifySecret(input.password, row.password_hash)) {
      const failed = row.failed_attempts + 1;
      const backoff = backoffAfter(failed);
      ctx.db
        .prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?')
        .run(failed, backoff > 0 ? now + backoff : 0, row.id);
      ctx.audit('auth.unlockFailed', row.id, { failedAttempts: failed });
      if (backoff > 0) {
        ctx.audit('auth.backoff', row.id, { username: row.username, failedAttempts: failed, backoffMs: backoff });
        throw new AppError(
          'LOCKED',
          `Too many failed attempts. Try again in ${Math.ceil(backoff / 1000)} s`,
          { retryAfterMs: backoff, lockedUntil: now + backoff },
          { keepWrites: true },
        );
      }
      throw new AppError('UNAUTHENTICATED', 'Wrong password', undefined, { keepWrites: true });
    }
    ctx.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = ?').run(row.id);
    session.locked = false;
    session.lastActivityAt = now;
    ctx.audit('auth.unlock', row.id);
    return {};
  },

  'auth:changePassword': (ctx, input) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    if (!row) throw new AppError('UNAUTHENTICATED', 'Signed out');
    if (!verifySecret(input.currentPassword, row.password_hash)) {
      ctx.audit('staff.passwordChangeFailed', row.id);
      throw new AppError('VALIDATION', 'Current password is wrong', { field: 'currentPassword' }, { keepWrites: true });
    }
    assertAcceptablePassword(input.newPassword, row.username);
    ctx.db
      .prepare('UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ?')
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), ctx.now(), row.id);
    ctx.audit('staff.passwordChanged', row.id);
    return {};
  },

  'auth:resetWithCode': (ctx, input) => {
    const now = ctx.now();
    const row = findStaffByUsername(ctx.db, input.username);
    const codes = row
      ? (ctx.db
          .prepare(
            'SELECT id, code_hash FROM staff_reset_codes WHERE staff_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY expires_at DESC',
          )
          .all(row.id, now) as { id: string; code_hash: string }[])
      : [];
    const match = codes.find((c) => verifySecret(input.code.trim().toUpperCase(), c.code_hash));
    if (!row || !match || row.active !== 1) {
      if (codes.length === 0) burnVerifyTime(ctx.config.bcryptCost);
      ctx.audit('auth.resetCodeFailed', row?.id ?? null, { username: input.username });
      throw new AppError('UNAUTHENTICATED', 'The code is wrong or has expired', undefined, { keepWrites: true });
    }
    assertAcceptablePassword(input.newPassword, row.username);
    ctx.db.prepare('UPDATE staff_reset_codes SET used_at = ? WHERE id = ?').run(now, match.id);
    ctx.db
      .prepare('UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = 0, updated_at = ? WHERE id = ?')
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), now, row.id);
    ctx.sessions.endAllFor(row.id);
    ctx.audit('staff.passwordReset', row.id, { via: 'resetCode' });
    return {};
  },

  'auth:recoverOwner': (ctx, input) => {
    const row = findStaffByUsername(ctx.db, input.username);
    const keyHash = readMeta(ctx.db, RECOVERY_KEY_META);
    const key = input.recoveryKey.trim().toUpperCase();
    if (!row || row.role !== 'owner' || !keyHash || !verifySecret(key, keyHash)) {
      ctx.audit('auth.recoveryFailed', row?.id ?? null, { username: input.username });
      throw new AppError('UNAUTHENTICATED', 'User name or recovery key is wrong', undefined, { keepWrites: true });
    }
    assertAcceptablePassword(input.newPassword, row.username);
    const now = ctx.now();
    ctx.db
      .prepare(
        'UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = 0, active = 1, updated_at = ? WHERE id = ?',
      )
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), now, row.id);
    ctx.sessions.endAllFor(row.id);
    // The used key is spent: a new one replaces it and is shown once.
    const recoveryKey = newRecoveryKey(ctx);
    ctx.audit('staff.ownerRecovered', row.id);
    return { recoveryKey };
  },
};

import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import type { HandlerContext, Refuse } from '../context';
import { newId, randomCode } from '../ids';
import { passwordProblem } from './common-passwords';
import { burnVerifyTime, hashSecret, verifySecret } from './passwords';
import { backoffAfter } from './backoff';
import { checkStaffPassword } from './password-check';
import { countStaff, findStaffById, findStaffByUsername, toStaffDto } from './staff-repo';
import { readMeta, writeMeta } from '../meta';
import { writeSettings } from '../settings/settings-store';

const RECOVERY_KEY_META = 'owner_recovery_key_hash';
/** Wrong passwords at one session's lock screen before that session is ended. */
export const UNLOCK_ATTEMPTS_BEFORE_SIGN_OUT = 10;

export function assertAcceptablePassword(refuse: Refuse<'weakPassword'>, password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw refuse('weakPassword', { field: 'password' }, { message: problem });
}

const tooManyAttempts = (refuse: Refuse<'tooManyAttempts'>, retryAfterMs: number, lockedUntil?: number) =>
  refuse('tooManyAttempts', lockedUntil === undefined ? { retryAfterMs } : { retryAfterMs, lockedUntil }, {
    message: `Too many failed attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    keepWrites: true,
  });

function newRecoveryKey(ctx: HandlerContext): string {
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
    if (countStaff(ctx.db) > 0) throw ctx.refuse('alreadySetUp');
    assertAcceptablePassword(ctx.refuse, input.password, input.username);
    const now = ctx.now();
    const id = newId();
    ctx.db
      .prepare(
        `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES (@id, @username, @display_name, 'owner', @password_hash, @created_at, @updated_at)`,
      )
      .run({
        id,
        username: input.username,
        display_name: input.displayName.trim(),
        password_hash: hashSecret(input.password, ctx.config.bcryptCost),
        created_at: now,
        updated_at: now,
      });
    // Language, store name and currency from the same screen: the store's first settings,
    // written by the settings area's own function, in this transaction.
    if (input.store) writeSettings(ctx.db, input.store, id, now);
    return noted({ recoveryKey: newRecoveryKey(ctx) }, { staffId: id });
  },

  'auth:signIn': (ctx, input) => {
    const now = ctx.now();
    // One answer for an unknown user, a wrong password and a deactivated account, and the
    // same back-off for all of them (password-check.ts); the audit record says which.
    const check = checkStaffPassword(ctx, input.username, input.password);
    if (!check.ok) {
      const target = check.row?.id ?? null;
      if (check.why === 'backoff') {
        ctx.audit('auth.signInBlocked', target, { username: input.username, retryAfterMs: check.retryAfterMs });
        throw tooManyAttempts(ctx.refuse, check.retryAfterMs, check.lockedUntil);
      }
      ctx.audit('auth.signInFailed', target, {
        username: input.username,
        reason: check.why,
        failedAttempts: check.failedAttempts,
      });
      if (check.retryAfterMs > 0) throw tooManyAttempts(ctx.refuse, check.retryAfterMs, check.lockedUntil);
      throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
    }
    const row = check.row;
    if (row.active !== 1) {
      ctx.audit('auth.signInFailed', row.id, { username: input.username, reason: 'inactive' });
      throw ctx.refuse('wrongCredentials', {}, { keepWrites: true });
    }
    const session = ctx.sessions.create(
      { id: row.id, username: row.username, displayName: row.display_name, role: row.role },
      now,
    );
    return { token: session.token, staff: toStaffDto(row), idleLockMinutes: ctx.settings().idleLockMinutes };
  },

  'auth:signOut': (ctx) => {
    const actor = ctx.requireActor();
    ctx.sessions.end(actor.token);
    return {};
  },

  'auth:me': (ctx) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    if (!row) throw ctx.refuse('signedOut');
    return toStaffDto(row);
  },

  'auth:lock': (ctx) => {
    const actor = ctx.requireActor();
    const s = ctx.sessions.get(actor.token);
    if (s) s.locked = true;
    return {};
  },

  'auth:unlock': (ctx, input) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    const session = ctx.sessions.get(actor.token);
    if (!row || !session || row.active !== 1) throw ctx.refuse('signedOut');
    const now = ctx.now();
    // This session's own back-off, never the account's: someone guessing this user's
    // password at the sign-in screen cannot keep them out of the session they hold.
    if (session.unlockBlockedUntil > now) {
      const retryAfterMs = session.unlockBlockedUntil - now;
      throw ctx.refuse(
        'tooManyAttempts',
        { retryAfterMs },
        { message: `Too many failed attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s` },
      );
    }
    if (!verifySecret(input.password, row.password_hash)) {
      session.unlockFailures += 1;
      const failed = session.unlockFailures;
      ctx.audit('auth.unlockFailed', row.id, { failedAttempts: failed });
      if (failed >= UNLOCK_ATTEMPTS_BEFORE_SIGN_OUT) {
        // Whoever is at this locked terminal is not its user: the session ends.
        ctx.audit('auth.unlockSignedOut', row.id, { failedAttempts: failed });
        ctx.sessions.end(session.token);
        throw ctx.refuse('signedOut', {}, { keepWrites: true });
      }
      const backoff = backoffAfter(failed);
      if (backoff > 0) {
        session.unlockBlockedUntil = now + backoff;
        ctx.audit('auth.backoff', row.id, { username: row.username, failedAttempts: failed, backoffMs: backoff });
        throw tooManyAttempts(ctx.refuse, backoff, now + backoff);
      }
      throw ctx.refuse('wrongPassword', {}, { keepWrites: true });
    }
    session.unlockFailures = 0;
    session.unlockBlockedUntil = 0;
    session.locked = false;
    session.lastActivityAt = now;
    return {};
  },

  'auth:changePassword': (ctx, input) => {
    const actor = ctx.requireActor();
    const row = findStaffById(ctx.db, actor.staffId);
    if (!row) throw ctx.refuse('signedOut');
    // Sign-in's counter and back-off: a stolen session is no way to guess the password.
    const check = checkStaffPassword(ctx, row.username, input.currentPassword, row);
    if (!check.ok) {
      ctx.audit('staff.passwordChangeFailed', row.id, { failedAttempts: check.failedAttempts, reason: check.why });
      if (check.retryAfterMs > 0) throw tooManyAttempts(ctx.refuse, check.retryAfterMs, check.lockedUntil);
      throw ctx.refuse('currentPasswordWrong', { field: 'currentPassword' }, { keepWrites: true });
    }
    assertAcceptablePassword(ctx.refuse, input.newPassword, row.username);
    ctx.db
      .prepare('UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ?')
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), ctx.now(), row.id);
    // Whoever else holds a session of this account (the reason to change it) is out.
    return noted({}, { sessionsEnded: ctx.sessions.endOthersFor(row.id, actor.token) });
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
      throw ctx.refuse('resetCodeInvalid', {}, { keepWrites: true });
    }
    assertAcceptablePassword(ctx.refuse, input.newPassword, row.username);
    ctx.db.prepare('UPDATE staff_reset_codes SET used_at = ? WHERE id = ?').run(now, match.id);
    ctx.db
      .prepare('UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = 0, updated_at = ? WHERE id = ?')
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), now, row.id);
    ctx.sessions.endAllFor(row.id);
    return noted({}, { staffId: row.id });
  },

  'auth:recoverOwner': (ctx, input) => {
    const row = findStaffByUsername(ctx.db, input.username);
    const keyHash = readMeta(ctx.db, RECOVERY_KEY_META);
    const key = input.recoveryKey.trim().toUpperCase();
    if (!row || row.role !== 'owner' || !keyHash || !verifySecret(key, keyHash)) {
      ctx.audit('auth.recoveryFailed', row?.id ?? null, { username: input.username });
      throw ctx.refuse('recoveryKeyInvalid', {}, { keepWrites: true });
    }
    assertAcceptablePassword(ctx.refuse, input.newPassword, row.username);
    const now = ctx.now();
    ctx.db
      .prepare(
        'UPDATE staff SET password_hash = ?, failed_attempts = 0, locked_until = 0, active = 1, updated_at = ? WHERE id = ?',
      )
      .run(hashSecret(input.newPassword, ctx.config.bcryptCost), now, row.id);
    ctx.sessions.endAllFor(row.id);
    // The used key is spent: a new one replaces it and is shown once.
    return noted({ recoveryKey: newRecoveryKey(ctx) }, { staffId: row.id });
  },
};

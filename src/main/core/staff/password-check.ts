import type { HandlerContext } from '../context';
import { backoffAfter } from './backoff';
import { burnVerifyTime, verifySecret } from './passwords';
import { findStaffByUsername, setFailedAttempts, type StaffRow } from './staff-repo';

/**
 * One password check for every place a staff password is typed to prove who someone is
 * (sign-in, a manager's approval, change-password): one failure counter and back-off per
 * account, so no screen is a better place to guess than another.
 *
 * An unknown user name behaves exactly like a known one: its failures are counted too
 * (in memory, by the name typed — UnknownNameThrottle) and back off on the same
 * schedule, and a wrong name costs a bcrypt comparison like a wrong password. Before,
 * only real accounts ever answered "too many attempts", which told a guesser which
 * names exist.
 */
export type PasswordCheck =
  | { ok: true; row: StaffRow }
  | {
      ok: false;
      /** unknownUser | wrongPassword: counted; backoff: refused unchecked, nothing counted. */
      why: 'unknownUser' | 'wrongPassword' | 'backoff';
      row: StaffRow | null;
      failedAttempts: number;
      /** Set when the account (or the unknown name) is now backing off. */
      retryAfterMs: number;
      lockedUntil: number;
    };

const MAX_UNKNOWN_NAMES = 10_000;

/** Failure counters for user names that are no account, in memory (bounded). */
export class UnknownNameThrottle {
  private readonly byName = new Map<string, { failed: number; lockedUntil: number }>();

  get(name: string) {
    return this.byName.get(name.toLowerCase()) ?? { failed: 0, lockedUntil: 0 };
  }

  set(name: string, failed: number, lockedUntil: number): void {
    const key = name.toLowerCase();
    this.byName.delete(key);
    if (this.byName.size >= MAX_UNKNOWN_NAMES) {
      const oldest = this.byName.keys().next().value;
      if (oldest !== undefined) this.byName.delete(oldest);
    }
    this.byName.set(key, { failed, lockedUntil });
  }
}

/**
 * Checks `password` for `username` (or for `known`, an account already found, as
 * change-password does), counting a failure and starting the back-off as sign-in does;
 * a success clears the counter. Records `auth.backoff` when a back-off starts (the
 * repeated-failure alert, staff:alerts). The caller audits the attempt and refuses.
 */
export function checkStaffPassword(
  ctx: HandlerContext,
  username: string,
  password: string,
  known?: StaffRow,
): PasswordCheck {
  const now = ctx.now();
  const row = known ?? findStaffByUsername(ctx.db, username) ?? null;
  const throttle = ctx.sessions.unknownNames;
  const state = row ? { failed: row.failed_attempts, lockedUntil: row.locked_until } : throttle.get(username);
  if (state.lockedUntil > now) {
    return {
      ok: false,
      why: 'backoff',
      row,
      failedAttempts: state.failed,
      retryAfterMs: state.lockedUntil - now,
      lockedUntil: state.lockedUntil,
    };
  }
  let right = false;
  if (row) right = verifySecret(password, row.password_hash);
  else burnVerifyTime(ctx.config.bcryptCost);
  if (right && row) {
    if (row.failed_attempts > 0 || row.locked_until > 0) setFailedAttempts(ctx.db, row.id, 0, 0);
    return { ok: true, row };
  }
  const failed = state.failed + 1;
  const backoff = backoffAfter(failed);
  const lockedUntil = backoff > 0 ? now + backoff : 0;
  if (row) setFailedAttempts(ctx.db, row.id, failed, lockedUntil);
  else throttle.set(username, failed, lockedUntil);
  if (backoff > 0) {
    // The same record whether the name exists or not (the target is only ever the id).
    ctx.audit('auth.backoff', row?.id ?? null, { username, failedAttempts: failed, backoffMs: backoff });
  }
  return {
    ok: false,
    why: row ? 'wrongPassword' : 'unknownUser',
    row,
    failedAttempts: failed,
    retryAfterMs: backoff,
    lockedUntil,
  };
}

import { z } from 'zod';
import { channel } from './define';
import { line, password, empty, username } from './common';
import type { StaffDto } from './staff';
import type { Locale } from '../locales';
import { generalSettingsSchema } from '../settings/general';

export { username };

/** What the owner set-up asks about the store (issue 9 item 20): each field as Settings → General has it. */
const general = generalSettingsSchema.shape;
export const setupStore = z.strictObject({
  locale: general.locale.unwrap(),
  storeName: general.storeName.unwrap(),
  currency: general.currency.unwrap(),
  currencyMinorUnits: general.currencyMinorUnits.unwrap(),
});

export interface AuthStatus {
  needsSetup: boolean;
  terminalId: string;
  storeName: string;
  locale: Locale;
  idleLockMinutes: number;
}

export interface SignInResult {
  token: string;
  staff: StaffDto;
  idleLockMinutes: number;
}

/** The staff member an audit record is about, for records of the signed-in actor themselves. */
const self = (_i: unknown, _o: unknown, call: { actor: { staffId: string } | null }) => call.actor?.staffId ?? null;

export const authContract = {
  /** What the first screen needs before anyone signs in. Polled: not activity for the idle lock. */
  'auth:status': channel<AuthStatus>()({
    input: empty,
    access: 'public',
    effect: 'read',
    passive: true,
    whileLocked: true,
    whileRestoring: true,
    refusals: [],
  }),
  /**
   * First run only: create the owner, returns the recovery key (shown once, never recorded).
   * `store` — language, store name and currency picked on the same screen — is saved as
   * settings in the same transaction (the schemas of Settings → General).
   */
  'auth:setupOwner': channel<{ recoveryKey: string }, { staffId: string }>()({
    input: z.strictObject({ username, displayName: line(80), password, store: setupStore.optional() }),
    access: 'public',
    effect: 'write',
    refusals: [
      'alreadySetUp', // an owner exists: first run is over
      'weakPassword', // too short, too common, or contains the user name
    ],
    audit: {
      action: 'staff.ownerCreated',
      target: (_i, _o, { notes }) => notes.staffId,
      // The store's first settings are part of the set-up record (who set them: the owner).
      details: (i) => ({ username: i.username, ...(i.store ? { store: i.store } : {}) }),
    },
    invalidates: ['auth:status'],
  }),
  'auth:signIn': channel<SignInResult>()({
    input: z.strictObject({ username, password: z.string().min(1).max(200) }),
    access: 'public',
    effect: 'write',
    refusals: [
      'tooManyAttempts', // back-off after repeated failures: details.retryAfterMs, lockedUntil
      'wrongCredentials', // unknown user, wrong password or deactivated (deliberately one answer)
    ],
    audit: {
      action: 'auth.signIn',
      target: (_i, o) => o.staff.id,
      details: (_i, o) => ({ username: o.staff.username }),
      actor: (_i, o) => ({ staffId: o.staff.id, username: o.staff.username }),
    },
  }),
  'auth:signOut': channel<Record<string, never>>()({
    input: empty,
    access: 'signedIn',
    effect: 'write',
    whileLocked: true,
    refusals: [],
    audit: { action: 'auth.signOut', target: self },
  }),
  'auth:me': channel<StaffDto>()({
    input: empty,
    access: 'signedIn',
    effect: 'read',
    whileLocked: true,
    whileRestoring: true,
    refusals: [
      'signedOut', // the staff member no longer exists (a restore removed them)
    ],
  }),
  /** Lock the terminal (idle timer or lock button): the session stays, calls get LOCKED. */
  'auth:lock': channel<Record<string, never>>()({
    input: empty,
    access: 'signedIn',
    effect: 'write',
    refusals: [],
    audit: { action: 'auth.lock', target: self },
  }),
  /** Unlock with the signed-in staff member's password (works while locked). */
  'auth:unlock': channel<Record<string, never>>()({
    input: z.strictObject({ password: z.string().min(1).max(200) }),
    access: 'signedIn',
    effect: 'write',
    whileLocked: true,
    refusals: [
      'signedOut', // the session or the staff member ended meanwhile, or too many wrong passwords here
      'tooManyAttempts', // this session's own back-off (never the account's sign-in back-off)
      'wrongPassword', // counted towards this session's back-off
    ],
    audit: { action: 'auth.unlock', target: self },
  }),
  /** Shares sign-in's back-off; ends every other session of this staff member. */
  'auth:changePassword': channel<Record<string, never>, { sessionsEnded: number }>()({
    input: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
    access: 'signedIn',
    effect: 'write',
    refusals: [
      'signedOut', // the staff member no longer exists
      'tooManyAttempts', // sign-in's back-off on this account: details.retryAfterMs
      'currentPasswordWrong', // details.field = currentPassword; counted towards the back-off
      'weakPassword', // the new one: details.field = password
    ],
    audit: {
      action: 'staff.passwordChanged',
      target: self,
      details: (_i, _o, { notes }) => ({ otherSessionsEnded: notes.sessionsEnded }),
    },
  }),
  /** A cashier who forgot: uses the one-time code a manager issued. */
  'auth:resetWithCode': channel<Record<string, never>, { staffId: string }>()({
    input: z.strictObject({ username, code: line(40), newPassword: password }),
    access: 'public',
    effect: 'write',
    refusals: [
      'resetCodeInvalid', // wrong, used, withdrawn or expired code, or unknown user
      'weakPassword', // the new password
    ],
    audit: {
      action: 'staff.passwordReset',
      target: (_i, _o, { notes }) => notes.staffId,
      details: () => ({ via: 'resetCode' }),
    },
  }),
  /** The owner who forgot: uses the recovery key; a fresh key replaces it. */
  'auth:recoverOwner': channel<{ recoveryKey: string }, { staffId: string }>()({
    input: z.strictObject({ username, recoveryKey: line(80), newPassword: password }),
    access: 'public',
    effect: 'write',
    refusals: [
      'recoveryKeyInvalid', // wrong key, or the user is not the owner
      'weakPassword', // the new password
    ],
    audit: { action: 'staff.ownerRecovered', target: (_i, _o, { notes }) => notes.staffId },
  }),
};

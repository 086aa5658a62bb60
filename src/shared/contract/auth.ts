import { z } from 'zod';
import { channel } from './define';
import { line, password, empty } from './common';
import type { StaffDto } from './staff';
import type { Locale } from '../locales';

export const username = line(40).pipe(
  z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
);

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

export const authContract = {
  /** What the first screen needs before anyone signs in. */
  'auth:status': channel<AuthStatus>()({ input: empty, access: 'public' }),
  /** First run only: create the owner, returns the recovery key (shown once). */
  'auth:setupOwner': channel<{ recoveryKey: string }>()({
    input: z.strictObject({ username, displayName: line(80), password }),
    access: 'public',
  }),
  'auth:signIn': channel<SignInResult>()({
    input: z.strictObject({ username, password: z.string().min(1).max(200) }),
    access: 'public',
  }),
  'auth:signOut': channel<Record<string, never>>()({ input: empty, access: 'signedIn' }),
  'auth:me': channel<StaffDto>()({ input: empty, access: 'signedIn' }),
  /** Lock the terminal (idle timer or lock button): the session stays, calls get LOCKED. */
  'auth:lock': channel<Record<string, never>>()({ input: empty, access: 'signedIn' }),
  /** Unlock with the signed-in staff member's password (works while locked). */
  'auth:unlock': channel<Record<string, never>>()({
    input: z.strictObject({ password: z.string().min(1).max(200) }),
    access: 'signedIn',
  }),
  'auth:changePassword': channel<Record<string, never>>()({
    input: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
    access: 'signedIn',
  }),
  /** A cashier who forgot: uses the one-time code a manager issued. */
  'auth:resetWithCode': channel<Record<string, never>>()({
    input: z.strictObject({ username, code: line(40), newPassword: password }),
    access: 'public',
  }),
  /** The owner who forgot: uses the recovery key; a fresh key replaces it. */
  'auth:recoverOwner': channel<{ recoveryKey: string }>()({
    input: z.strictObject({ username, recoveryKey: line(80), newPassword: password }),
    access: 'public',
  }),
};

/** Channels a locked session may still call. */
export const CHANNELS_ALLOWED_WHILE_LOCKED = new Set<string>(['auth:unlock', 'auth:signOut', 'auth:status', 'auth:me']);

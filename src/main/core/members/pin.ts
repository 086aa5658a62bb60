import bcrypt from 'bcryptjs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HandlerContext, Refuse } from '../context';
import type { Db } from '../db/open-database';
import type { AppError } from '../errors';
import { refusal } from '../errors';
import { CHAIN_PIN_PREFIX, PIN_SET_ELSEWHERE } from '../../../shared/sync/pins';
import { chainPinKeyOf, requireStoreSecurity } from '../keys/bound-keys';
import { hashSecret, verifySecret } from '../staff/passwords';
import { nameKey, normaliseEmail, normalisePhone } from './normalize';
import { countryOf, loadLiveMember, type MemberRow } from './member-repo';

/**
 * The member PIN (shared/member-pin.ts: 4–6 digits) that authorises a redemption. Only 10^4–10^6 values, so
 * the guessing limit matters more than the hash: after PIN_FREE_ATTEMPTS wrong tries
 * each further one locks the PIN for a doubling time (capped), like staff sign-in.
 *
 * Failures are returned as VALIDATION with details.reason — never UNAUTHENTICATED or
 * LOCKED, which the renderer reads as "the cashier's session ended / terminal locked".
 * They are thrown with keepWrites so the attempt counter and audit record survive the
 * rollback of everything else.
 */
export const PIN_FREE_ATTEMPTS = 3;
export const PIN_BASE_BACKOFF_MS = 30_000;
export const PIN_MAX_BACKOFF_MS = 15 * 60_000;

export function pinBackoffAfter(failedAttempts: number): number {
  if (failedAttempts < PIN_FREE_ATTEMPTS) return 0;
  const steps = Math.min(failedAttempts - PIN_FREE_ATTEMPTS, 10);
  return Math.min(PIN_BASE_BACKOFF_MS * 2 ** steps, PIN_MAX_BACKOFF_MS);
}

function backoffError(refuse: Refuse<'pinBackoff'>, field: string, retryAfterMs: number): AppError {
  return refuse(
    'pinBackoff',
    { field, retryAfterMs },
    { message: `Too many wrong attempts. Try again in ${Math.ceil(retryAfterMs / 1000)} s`, keepWrites: true },
  );
}

/** How checking a PIN can fail (members' PIN_CHECK_REFUSALS in the contract). */
export type PinCheckRefusal = 'pinNotSet' | 'pinElsewhere' | 'pinBackoff' | 'pinWrong';
type LiveMember = 'memberNotFound' | 'memberErased';

/*
 * The pepper. A PIN has only 10^4–10^6 values: bcrypt alone (cost 10, ~85 ms) lets
 * anyone holding a copy of the database try every 4-digit PIN of a member in minutes.
 * So the PIN is first HMACed with a pepper from the key store (outside the database
 * file, keys/) and bcrypt hashes that: without the key a stolen file cannot confirm a
 * single guess.
 *
 *   'pc1$' + bcrypt(base64(HMAC-SHA256(chain key, pin)))    every hash written in a chain
 *   'pp1$' + bcrypt(base64(HMAC-SHA256(pepper, pin)))       every hash written by a lone terminal
 *   'pw1$' + salt + '$' + HMAC-SHA256(pepper, bcrypt(pin))   a hash from before the pepper, wrapped
 *   '$2…'                                                   such a hash not yet wrapped
 *   'px1$'                                                  set at another terminal with its own pepper
 *
 * In a chain (shared/sync/pins.ts) the pepper is the chain PIN key head office hands every
 * terminal, so a 'pc1$' hash set at one store is checked at all of them; a terminal's own
 * hashes ('pp1$', 'pw1$') are re-hashed as 'pc1$' at the member's next correct PIN here,
 * and reach the other stores meanwhile as 'px1$': "has a PIN, cannot be checked here".
 *
 * Hashes from before the pepper are wrapped in place when the core opens
 * (wrapLegacyPinHashes: one HMAC each, no PIN needed), so a file stolen after the upgrade
 * holds no testable hash at all; re-hashing them as 'pp1$' needs the PIN, so that happens
 * on the member's next correct PIN. Wrapping keeps bcrypt's salt so the check can
 * recompute the old hash from a typed PIN.
 */
const PEPPERED = 'pp1$';
const WRAPPED = 'pw1$';
/** '$2b$10$' + 22 salt characters. */
const BCRYPT_SALT_LENGTH = 29;

function pepperOf(db: Db): Buffer {
  return requireStoreSecurity(db).keys.pinPepper;
}

function pepperedPin(pepper: Buffer, pin: string): string {
  // 44 base64 characters: inside bcrypt's 72-byte input limit.
  return createHmac('sha256', pepper).update(`pin\n${pin}`).digest('base64');
}

function wrapMac(pepper: Buffer, legacyHash: string): string {
  return createHmac('sha256', pepper).update(`legacy-pin-hash\n${legacyHash}`).digest('hex');
}

export function hashMemberPin(db: Db, pin: string, cost: number): string {
  const chainKey = chainPinKeyOf(db);
  if (chainKey !== null) return CHAIN_PIN_PREFIX + hashSecret(pepperedPin(chainKey, pin), cost);
  return PEPPERED + hashSecret(pepperedPin(pepperOf(db), pin), cost);
}

/** False for a PIN only another terminal can check (shared/sync/pins.ts): no guess can match here. */
export function pinCheckableHere(db: Db, stored: string): boolean {
  if (stored === PIN_SET_ELSEWHERE) return false;
  return !stored.startsWith(CHAIN_PIN_PREFIX) || chainPinKeyOf(db) !== null;
}

/**
 * Whether `pin` matches the stored hash, and whether the hash should be rewritten (as
 * hashMemberPin writes now). A hash not checkable here never matches.
 */
export function checkMemberPinHash(db: Db, pin: string, stored: string): { ok: boolean; rehash: boolean } {
  if (!pinCheckableHere(db, stored)) return { ok: false, rehash: false };
  const chainKey = chainPinKeyOf(db);
  if (stored.startsWith(CHAIN_PIN_PREFIX)) {
    return { ok: verifySecret(pepperedPin(chainKey!, pin), stored.slice(4)), rehash: false };
  }
  const pepper = pepperOf(db);
  if (stored.startsWith(PEPPERED)) {
    const ok = verifySecret(pepperedPin(pepper, pin), stored.slice(4));
    return { ok, rehash: ok && chainKey !== null };
  }
  if (stored.startsWith(WRAPPED)) {
    const salt = stored.slice(4, 4 + BCRYPT_SALT_LENGTH);
    const mac = Buffer.from(stored.slice(5 + BCRYPT_SALT_LENGTH));
    const expected = Buffer.from(wrapMac(pepper, bcrypt.hashSync(pin, salt)));
    const ok = mac.length === expected.length && timingSafeEqual(mac, expected);
    return { ok, rehash: ok };
  }
  const ok = verifySecret(pin, stored);
  return { ok, rehash: ok };
}

/** Wraps every PIN hash written before the pepper existed (see above); returns how many. */
export function wrapLegacyPinHashes(db: Db): number {
  const pepper = pepperOf(db);
  const rows = db.prepare("SELECT seq, pin_hash FROM members WHERE pin_hash LIKE '$2%'").all() as {
    seq: number;
    pin_hash: string;
  }[];
  const update = db.prepare('UPDATE members SET pin_hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const r of rows) {
      update.run(`${WRAPPED}${r.pin_hash.slice(0, BCRYPT_SALT_LENGTH)}$${wrapMac(pepper, r.pin_hash)}`, r.seq);
    }
  }).immediate();
  return rows.length;
}

export function setPinHash(ctx: HandlerContext, memberId: string, pin: string): void {
  ctx.db
    .prepare(
      `UPDATE members SET pin_hash = ?, pin_failed_attempts = 0, pin_locked_until = 0,
         reset_failed_attempts = 0, reset_locked_until = 0, updated_at = ? WHERE id = ?`,
    )
    .run(hashMemberPin(ctx.db, pin, ctx.config.bcryptCost), ctx.now(), memberId);
}

/** Checks the PIN against the row, counting failures; throws on a wrong or locked PIN. */
function checkPin(ctx: HandlerContext<PinCheckRefusal>, row: MemberRow, pin: string, field: string): void {
  const now = ctx.now();
  if (row.pin_hash === null) throw ctx.refuse('pinNotSet', { field });
  // Nothing can be guessed here: no attempt is counted.
  if (!pinCheckableHere(ctx.db, row.pin_hash)) throw ctx.refuse('pinElsewhere', { field });
  if (row.pin_locked_until > now) {
    ctx.audit('members.pinBlocked', row.id, { retryAfterMs: row.pin_locked_until - now });
    throw backoffError(ctx.refuse, field, row.pin_locked_until - now);
  }
  const check = checkMemberPinHash(ctx.db, pin, row.pin_hash);
  if (check.ok) {
    if (row.pin_failed_attempts > 0) {
      ctx.db.prepare('UPDATE members SET pin_failed_attempts = 0, pin_locked_until = 0 WHERE id = ?').run(row.id);
    }
    if (check.rehash) {
      ctx.db
        .prepare('UPDATE members SET pin_hash = ? WHERE id = ?')
        .run(hashMemberPin(ctx.db, pin, ctx.config.bcryptCost), row.id);
    }
    return;
  }
  const failed = row.pin_failed_attempts + 1;
  const backoff = pinBackoffAfter(failed);
  ctx.db
    .prepare('UPDATE members SET pin_failed_attempts = ?, pin_locked_until = ? WHERE id = ?')
    .run(failed, backoff > 0 ? now + backoff : 0, row.id);
  ctx.audit('members.pinFailed', row.id, { failedAttempts: failed, backoffMs: backoff });
  if (backoff > 0) throw backoffError(ctx.refuse, field, backoff);
  throw ctx.refuse('pinWrong', { field, attemptsLeft: PIN_FREE_ATTEMPTS - failed }, { keepWrites: true });
}

/** `members:verifyPin`: the member's PIN matches (attempts counted); its record is the channel's. */
export function checkMemberPin(ctx: HandlerContext<LiveMember | PinCheckRefusal>, memberId: string, pin: string): void {
  const row = loadLiveMember(ctx, memberId);
  checkPin(ctx, row, pin, 'pin');
}

/**
 * For other areas (points: redemption). Call it BEFORE writing anything: a wrong PIN
 * throws with keepWrites, which commits the transaction's writes so far.
 * A member without a PIN needs none (the PIN is optional); `pin` undefined then passes.
 */
export function verifyMemberPin(
  ctx: HandlerContext<LiveMember | 'pinRequired' | PinCheckRefusal>,
  memberId: string,
  pin: string | undefined,
): void {
  const row = loadLiveMember(ctx, memberId);
  if (row.pin_hash === null) return;
  if (pin === undefined || pin === '') throw ctx.refuse('pinRequired', { field: 'pin' });
  checkPin(ctx, row, pin, 'pin');
  // A fact of the spend it authorises (award, redeem), which record themselves.
  ctx.audit('members.pinVerified', row.id);
}

export function changeMemberPin(
  ctx: HandlerContext<LiveMember | PinCheckRefusal>,
  memberId: string,
  oldPin: string,
  newPin: string,
): void {
  const row = loadLiveMember(ctx, memberId);
  checkPin(ctx, row, oldPin, 'oldPin');
  setPinHash(ctx, row.id, newPin);
}

export interface IdentityClaim {
  name: string;
  phone?: string;
  email?: string;
}

/**
 * "Find password" at the counter: the member proves who they are by name, phone and
 * email, which must all match what is on file (a field not on file must be left empty).
 * Wrong answers are limited like PIN attempts, on their own counter so that a member
 * who forgot the PIN (and hit the PIN limit) can still reset it.
 */
export function resetMemberPin(
  ctx: HandlerContext<LiveMember | 'pinBackoff' | 'identityMismatch'>,
  memberId: string,
  claim: IdentityClaim,
  newPin: string,
): void {
  const row = loadLiveMember(ctx, memberId);
  const now = ctx.now();
  if (row.reset_locked_until > now) throw backoffError(ctx.refuse, 'identity', row.reset_locked_until - now);
  const country = countryOf(ctx);
  // Normalise the claim exactly as registration did; an unreadable phone or email simply
  // does not match (and is not a hint about what is on file).
  const claimedPhone = claim.phone?.trim() ? safe(() => normalisePhone(claim.phone!, country, refusal).e164) : null;
  const claimedEmail = claim.email?.trim() ? safe(() => normaliseEmail(claim.email!, refusal)) : null;
  const matches = nameKey(claim.name) === row.name_key && claimedPhone === row.phone && claimedEmail === row.email;
  if (!matches) {
    const failed = row.reset_failed_attempts + 1;
    const backoff = pinBackoffAfter(failed);
    ctx.db
      .prepare('UPDATE members SET reset_failed_attempts = ?, reset_locked_until = ? WHERE id = ?')
      .run(failed, backoff > 0 ? now + backoff : 0, row.id);
    ctx.audit('members.pinResetFailed', row.id, { failedAttempts: failed, backoffMs: backoff });
    if (backoff > 0) throw backoffError(ctx.refuse, 'identity', backoff);
    throw ctx.refuse('identityMismatch', { field: 'identity' }, { keepWrites: true });
  }
  setPinHash(ctx, row.id, newPin);
}

function safe<T>(fn: () => T): T | 'unreadable' {
  try {
    return fn();
  } catch {
    return 'unreadable';
  }
}

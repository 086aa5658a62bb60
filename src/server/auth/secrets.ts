import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Credentials. A terminal credential is `pdt1.<terminal id>.<secret>`: the id says which
 * row to check, the 256-bit random secret is compared (in constant time) by its SHA-256.
 * The admin token is `pda1.<secret>`. Enrolment codes are 16 Crockford base32 characters
 * (80 bits) typed at the terminal, single use and short-lived.
 */
const TERMINAL_PREFIX = 'pdt1';
const ADMIN_PREFIX = 'pda1';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function terminalCredential(terminalId: string, secret: string): string {
  return `${TERMINAL_PREFIX}.${terminalId}.${secret}`;
}

export function newAdminToken(): string {
  return `${ADMIN_PREFIX}.${newSecret()}`;
}

export type ParsedCredential =
  { kind: 'terminal'; terminalId: string; secret: string } | { kind: 'admin'; token: string } | null;

export function parseBearer(header: string | undefined): ParsedCredential {
  if (!header || header.length > 300) return null;
  const m = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
  if (!m) return null;
  const parts = m[1].split('.');
  if (parts[0] === TERMINAL_PREFIX && parts.length === 3 && /^[0-9a-f-]{36}$/.test(parts[1]) && parts[2].length >= 32) {
    return { kind: 'terminal', terminalId: parts[1], secret: parts[2] };
  }
  if (parts[0] === ADMIN_PREFIX && parts.length === 2 && parts[1].length >= 32) return { kind: 'admin', token: m[1] };
  return null;
}

/** A code as typed: spaces, dashes and case do not matter; I/L read as 1 and O as 0. */
export function normaliseEnrolmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CROCKFORD[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

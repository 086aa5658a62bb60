import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { refusal } from '../errors';
import type { Refuse } from '../context';

/**
 * Normalising contact data so that "138 1234 5678", "+86 138-1234-5678" and
 * "8613812345678" are one phone, and " Li.Wei@Example.COM " is one email: uniqueness and
 * lookups only work on the normalised form.
 */

/** NFKC folds full-width digits and letters (common from Chinese IMEs) to plain ones. */
export function cleanText(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The searchable form of a name: NFKC, lower case, single spaces. */
export function nameKey(name: string): string {
  return cleanText(name).toLowerCase();
}

export function normaliseName(raw: string, refuse: Refuse<'nameRequired'>): string {
  const name = cleanText(raw);
  if (name.length === 0) throw refuse('nameRequired', { field: 'name' });
  return name;
}

export function phoneCountry(setting: string): CountryCode {
  // A bad stored value must not make every phone unreadable: fall back to CN.
  return isSupportedCountry(setting) ? (setting as CountryCode) : 'CN';
}

export interface NormalPhone {
  e164: string;
  last4: string;
}

/**
 * E.164 with the default country, or a VALIDATION error on `field`. Uses the full
 * metadata ('max') so that a wrong-length or impossible number is refused here,
 * not discovered when someone tries to call it.
 */
export function normalisePhone(
  raw: string,
  country: CountryCode,
  refuse: Refuse<'phoneInvalid'>,
  field = 'phone',
): NormalPhone {
  const cleaned = cleanText(raw);
  const invalid = () => refuse('phoneInvalid', { field });
  if (!/^[+(\d][\d\s().-]*$/.test(cleaned)) throw invalid();
  const parsed = parsePhoneNumberFromString(cleaned, country);
  if (!parsed || !parsed.isValid()) throw invalid();
  const e164 = parsed.number;
  return { e164, last4: e164.slice(-4) };
}

/** Parses without throwing: the search box tries "is this a phone?" on every keystroke. */
export function tryPhone(raw: string, country: CountryCode): string | null {
  try {
    return normalisePhone(raw, country, refusal).e164;
  } catch {
    return null;
  }
}

/**
 * Formatting costs ~17 µs a number (libphonenumber parses it again), which is most of a
 * 20-result search: keep recent answers. Cleared when full rather than LRU — simple, and
 * the counter sees the same few hundred regulars again and again.
 */
const displayCache = new Map<string, string>();
const DISPLAY_CACHE_MAX = 10_000;

/** National format for people in the default country, international for the rest. */
export function displayPhone(e164: string | null, country: CountryCode): string | null {
  if (!e164) return null;
  const key = `${country}${e164}`;
  const cached = displayCache.get(key);
  if (cached !== undefined) return cached;
  const parsed = parsePhoneNumberFromString(e164);
  const out = !parsed ? e164 : parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
  if (displayCache.size >= DISPLAY_CACHE_MAX) displayCache.clear();
  displayCache.set(key, out);
  return out;
}

const emailSchema = z.email();

export function normaliseEmail(raw: string, refuse: Refuse<'emailInvalid'>, field = 'email'): string {
  const email = cleanText(raw).toLowerCase();
  if (email.length > 254 || !emailSchema.safeParse(email).success) throw refuse('emailInvalid', { field });
  return email;
}

/** A real calendar date between 1900-01-01 and today. */
export function normaliseBirthday(raw: string, now: number, refuse: Refuse<'birthdayInvalid'>): string {
  const bad = () => refuse('birthdayInvalid', { field: 'birthday' });
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw bad();
  if (y < 1900 || t > now) throw bad();
  return raw;
}

/** '' and whitespace mean "none" for optional contact fields. */
export function blankToNull(s: string | null | undefined): string | null | undefined {
  if (s === undefined || s === null) return s;
  return cleanText(s) === '' ? null : s;
}

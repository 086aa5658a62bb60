import type { CountryCode } from 'libphonenumber-js/max';
import type { HandlerContext, Refuse } from '../context';
import { newId } from '../ids';
import { blankToNull, nameKey, normaliseBirthday, normaliseEmail, normaliseName, normalisePhone } from './normalize';
import { countryOf, loadLiveMember, writeNameGrams } from './member-repo';
import { generateUniqueCardNumber } from './card-number';
import { takeBlockCard } from '../sync/cards';

/**
 * Registering and editing members. Duplicates are checked before writing so that the
 * error names the field (CONFLICT, details.field) instead of surfacing a raw UNIQUE
 * constraint failure. Audit records name the fields that changed, never their values:
 * the audit log is append-only, and personal data written there could never be erased.
 */
export interface ContactInput {
  name?: string;
  phone?: string | null;
  email?: string | null;
  birthday?: string | null;
  marketingConsent?: boolean;
}

export interface NormalContact {
  name?: string;
  phone?: { e164: string; last4: string } | null;
  email?: string | null;
  birthday?: string | null;
  marketingConsent?: boolean;
}

/** Every way a member's contact data can be refused (the order they are checked in). */
export type ContactRefusal =
  'nameRequired' | 'phoneInvalid' | 'emailInvalid' | 'birthdayInvalid' | 'contactRequired' | 'duplicate';

export function normaliseContact(
  input: ContactInput,
  country: CountryCode,
  now: number,
  refuse: Refuse<ContactRefusal>,
): NormalContact {
  const out: NormalContact = {};
  if (input.name !== undefined) out.name = normaliseName(input.name, refuse);
  const phone = blankToNull(input.phone);
  if (phone !== undefined) out.phone = phone === null ? null : normalisePhone(phone, country, refuse);
  const email = blankToNull(input.email);
  if (email !== undefined) out.email = email === null ? null : normaliseEmail(email, refuse);
  const birthday = blankToNull(input.birthday);
  if (birthday !== undefined) out.birthday = birthday === null ? null : normaliseBirthday(birthday, now, refuse);
  if (input.marketingConsent !== undefined) out.marketingConsent = input.marketingConsent;
  return out;
}

function assertUnique(ctx: HandlerContext<'duplicate'>, c: NormalContact, selfId: string | null): void {
  const taken = (column: 'phone' | 'email', value: string) => {
    const other = ctx.db.prepare(`SELECT id FROM members WHERE ${column} = ?`).pluck().get(value) as string | undefined;
    return other !== undefined && other !== selfId;
  };
  if (c.phone && taken('phone', c.phone.e164)) {
    throw ctx.refuse('duplicate', { field: 'phone' }, { message: 'Another member already has this phone number' });
  }
  if (c.email && taken('email', c.email)) {
    throw ctx.refuse('duplicate', { field: 'email' }, { message: 'Another member already has this email address' });
  }
}

export interface Registered {
  id: string;
  cardNumber: string;
  /** The contact fields given (names, never values: audit records hold no personal data). */
  fields: string[];
}

export function registerMember(
  ctx: HandlerContext<ContactRefusal>,
  input: ContactInput & { name: string },
): Registered {
  const actor = ctx.requireActor();
  const now = ctx.now();
  const c = normaliseContact(input, countryOf(ctx), now, ctx.refuse);
  if (!c.phone && !c.email) throw ctx.refuse('contactRequired', { field: 'phone' });
  assertUnique(ctx, c, null);
  const id = newId();
  // Chain mode: a number from head office's block for this terminal; else a random one.
  const card = takeBlockCard(ctx.db) ?? generateUniqueCardNumber(ctx.db);
  const key = nameKey(c.name!);
  const info = ctx.db
    .prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
         marketing_consent, created_at, updated_at, created_by)
       VALUES (@id, @card_number, @name, @name_key, @phone, @phone_last4, @email, @birthday,
         @marketing_consent, @created_at, @updated_at, @created_by)`,
    )
    .run({
      id,
      card_number: card,
      name: c.name!,
      name_key: key,
      phone: c.phone?.e164 ?? null,
      phone_last4: c.phone?.last4 ?? null,
      email: c.email ?? null,
      birthday: c.birthday ?? null,
      marketing_consent: c.marketingConsent ? 1 : 0,
      created_at: now,
      updated_at: now,
      created_by: actor.staffId,
    });
  writeNameGrams(ctx.db, Number(info.lastInsertRowid), key);
  return { id, cardNumber: card, fields: Object.keys(c).filter((k) => c[k as keyof NormalContact] != null) };
}

/** Applies the changes; returns the names of the fields that actually changed. */
export function updateMember(
  ctx: HandlerContext<'memberNotFound' | 'memberErased' | ContactRefusal>,
  memberId: string,
  input: ContactInput,
): string[] {
  const row = loadLiveMember(ctx, memberId);
  const now = ctx.now();
  const c = normaliseContact(input, countryOf(ctx), now, ctx.refuse);
  const next = {
    name: c.name ?? row.name!,
    phone: c.phone === undefined ? row.phone : (c.phone?.e164 ?? null),
    last4: c.phone === undefined ? row.phone_last4 : (c.phone?.last4 ?? null),
    email: c.email === undefined ? row.email : c.email,
    birthday: c.birthday === undefined ? row.birthday : c.birthday,
    consent: c.marketingConsent === undefined ? row.marketing_consent : c.marketingConsent ? 1 : 0,
  };
  if (!next.phone && !next.email) throw ctx.refuse('contactRequired', { field: 'phone' });
  assertUnique(ctx, c, row.id);
  const changed = (
    [
      ['name', row.name, next.name],
      ['phone', row.phone, next.phone],
      ['email', row.email, next.email],
      ['birthday', row.birthday, next.birthday],
      ['marketingConsent', row.marketing_consent, next.consent],
    ] as const
  )
    .filter(([, before, after]) => before !== after)
    .map(([field]) => field);
  if (changed.length === 0) return [];
  const key = nameKey(next.name);
  ctx.db
    .prepare(
      `UPDATE members SET name = @name, name_key = @name_key, phone = @phone, phone_last4 = @phone_last4,
         email = @email, birthday = @birthday, marketing_consent = @marketing_consent, updated_at = @updated_at
       WHERE id = @id`,
    )
    .run({
      name: next.name,
      name_key: key,
      phone: next.phone,
      phone_last4: next.last4,
      email: next.email,
      birthday: next.birthday,
      marketing_consent: next.consent,
      updated_at: now,
      id: row.id,
    });
  if (key !== row.name_key) writeNameGrams(ctx.db, row.seq, key);
  return [...changed];
}

/** Returns whether anything changed (deactivating an inactive member is no change). */
export function setMemberActive(
  ctx: HandlerContext<'memberNotFound' | 'memberErased'>,
  memberId: string,
  active: boolean,
): boolean {
  const row = loadLiveMember(ctx, memberId);
  if ((row.active === 1) === active) return false;
  ctx.db.prepare('UPDATE members SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.now(), row.id);
  return true;
}

import type { CountryCode } from 'libphonenumber-js/max';
import type { HandlerContext } from '../context';
import { AppError } from '../errors';
import { newId } from '../ids';
import {
  blankToNull,
  fieldError,
  nameKey,
  normaliseBirthday,
  normaliseEmail,
  normaliseName,
  normalisePhone,
} from './normalize';
import { countryOf, loadLiveMember, writeNameGrams, type MemberRow } from './member-repo';
import { generateUniqueCardNumber } from './card-number';

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

interface NormalContact {
  name?: string;
  phone?: { e164: string; last4: string } | null;
  email?: string | null;
  birthday?: string | null;
  marketingConsent?: boolean;
}

function normaliseContact(input: ContactInput, country: CountryCode, now: number): NormalContact {
  const out: NormalContact = {};
  if (input.name !== undefined) out.name = normaliseName(input.name);
  const phone = blankToNull(input.phone);
  if (phone !== undefined) out.phone = phone === null ? null : normalisePhone(phone, country);
  const email = blankToNull(input.email);
  if (email !== undefined) out.email = email === null ? null : normaliseEmail(email);
  const birthday = blankToNull(input.birthday);
  if (birthday !== undefined) out.birthday = birthday === null ? null : normaliseBirthday(birthday, now);
  if (input.marketingConsent !== undefined) out.marketingConsent = input.marketingConsent;
  return out;
}

function assertUnique(ctx: HandlerContext, c: NormalContact, selfId: string | null): void {
  const taken = (column: 'phone' | 'email', value: string) => {
    const other = ctx.db.prepare(`SELECT id FROM members WHERE ${column} = ?`).pluck().get(value) as string | undefined;
    return other !== undefined && other !== selfId;
  };
  if (c.phone && taken('phone', c.phone.e164)) {
    throw new AppError('CONFLICT', 'Another member already has this phone number', {
      field: 'phone',
      reason: 'duplicate',
    });
  }
  if (c.email && taken('email', c.email)) {
    throw new AppError('CONFLICT', 'Another member already has this email address', {
      field: 'email',
      reason: 'duplicate',
    });
  }
}

function contactRequired(): AppError {
  return fieldError('phone', 'contactRequired', 'Enter a phone number or an email address');
}

export function registerMember(ctx: HandlerContext, input: ContactInput & { name: string }): string {
  const actor = ctx.requireActor();
  const now = ctx.now();
  const c = normaliseContact(input, countryOf(ctx), now);
  if (!c.phone && !c.email) throw contactRequired();
  assertUnique(ctx, c, null);
  const id = newId();
  const card = generateUniqueCardNumber(ctx.db);
  const key = nameKey(c.name!);
  const info = ctx.db
    .prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
         marketing_consent, created_at, updated_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      card,
      c.name!,
      key,
      c.phone?.e164 ?? null,
      c.phone?.last4 ?? null,
      c.email ?? null,
      c.birthday ?? null,
      c.marketingConsent ? 1 : 0,
      now,
      now,
      actor.staffId,
    );
  writeNameGrams(ctx.db, Number(info.lastInsertRowid), key);
  ctx.audit('members.registered', id, {
    cardNumber: card,
    fields: Object.keys(c).filter((k) => c[k as keyof NormalContact] != null),
  });
  return id;
}

export function updateMember(ctx: HandlerContext, memberId: string, input: ContactInput): void {
  const row = loadLiveMember(ctx.db, memberId);
  const now = ctx.now();
  const c = normaliseContact(input, countryOf(ctx), now);
  const next = {
    name: c.name ?? row.name!,
    phone: c.phone === undefined ? row.phone : (c.phone?.e164 ?? null),
    last4: c.phone === undefined ? row.phone_last4 : (c.phone?.last4 ?? null),
    email: c.email === undefined ? row.email : c.email,
    birthday: c.birthday === undefined ? row.birthday : c.birthday,
    consent: c.marketingConsent === undefined ? row.marketing_consent : c.marketingConsent ? 1 : 0,
  };
  if (!next.phone && !next.email) throw contactRequired();
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
  if (changed.length === 0) return;
  const key = nameKey(next.name);
  ctx.db
    .prepare(
      `UPDATE members SET name = ?, name_key = ?, phone = ?, phone_last4 = ?, email = ?, birthday = ?,
         marketing_consent = ?, updated_at = ? WHERE id = ?`,
    )
    .run(next.name, key, next.phone, next.last4, next.email, next.birthday, next.consent, now, row.id);
  if (key !== row.name_key) writeNameGrams(ctx.db, row.seq, key);
  ctx.audit('members.updated', row.id, { fields: changed });
}

export function setMemberActive(ctx: HandlerContext, memberId: string, active: boolean): MemberRow {
  const row = loadLiveMember(ctx.db, memberId);
  if ((row.active === 1) !== active) {
    ctx.db.prepare('UPDATE members SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.now(), row.id);
    ctx.audit(active ? 'members.reactivated' : 'members.deactivated', row.id);
  }
  return row;
}

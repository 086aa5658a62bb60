import type { CountryCode } from 'libphonenumber-js/max';
import { PIN_SET_ELSEWHERE } from '../../../shared/sync/pins';
import type { Db, ReadDb } from '../db/open-database';
import type { ReadContext, Refuser } from '../context';
import type { MemberDto, MemberSummary } from '../../../shared/contract/members';
import { displayPhone, phoneCountry } from './normalize';
import { nameGrams } from './name-grams';
import { stmt } from '../db/statements';

export interface MemberRow {
  seq: number;
  id: string;
  card_number: string;
  name: string | null;
  name_key: string | null;
  phone: string | null;
  phone_last4: string | null;
  email: string | null;
  birthday: string | null;
  marketing_consent: number;
  active: number;
  erased_at: number | null;
  pin_hash: string | null;
  pin_failed_attempts: number;
  pin_locked_until: number;
  reset_failed_attempts: number;
  reset_locked_until: number;
  created_at: number;
  updated_at: number;
  created_by: string | null;
  /** Since migration 020: a card recorded while head office could not be asked (provisional.ts). */
  provisional: number;
}

/** Columns a summary needs; search and list select only these. */
export const SUMMARY_COLUMNS = 'm.seq, m.id, m.card_number, m.name, m.phone, m.email, m.active, m.created_at';
export type SummaryRow = Pick<
  MemberRow,
  'seq' | 'id' | 'card_number' | 'name' | 'phone' | 'email' | 'active' | 'created_at'
>;

export function toMemberDto(r: MemberRow, country: CountryCode): MemberDto {
  return {
    id: r.id,
    cardNumber: r.card_number,
    name: r.name,
    phone: r.phone,
    phoneDisplay: displayPhone(r.phone, country),
    email: r.email,
    birthday: r.birthday,
    hasBirthday: r.birthday !== null,
    contactMasked: false,
    marketingConsent: r.marketing_consent === 1,
    active: r.active === 1,
    erased: r.erased_at !== null,
    hasPin: r.pin_hash !== null,
    pinSetElsewhere: r.pin_hash === PIN_SET_ELSEWHERE,
    provisional: r.provisional === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toSummary(r: SummaryRow, country: CountryCode): MemberSummary {
  return {
    id: r.id,
    cardNumber: r.card_number,
    name: r.name,
    phoneDisplay: displayPhone(r.phone, country),
    email: r.email,
    contactMasked: false,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

export function countryOf(ctx: ReadContext): CountryCode {
  return phoneCountry(ctx.settings().memberPhoneCountry);
}

export function findMember(db: ReadDb, id: string): MemberRow | undefined {
  return db.prepare('SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
}

export function loadMember(ctx: Refuser<'memberNotFound'>, id: string): MemberRow {
  const row = findMember(ctx.db, id);
  if (!row) throw ctx.refuse('memberNotFound', { memberId: id });
  return row;
}

/** Loads a member whose personal data is still held (everything but privacy export). */
export function loadLiveMember(ctx: Refuser<'memberNotFound' | 'memberErased'>, id: string): MemberRow {
  const row = loadMember(ctx, id);
  if (row.erased_at !== null) throw ctx.refuse('memberErased');
  return row;
}

/**
 * For other areas: may this member earn and spend (exists, active, not erased)?
 * On the award path, so it reads just the two columns with a cached statement.
 */
export function requireActiveMember(
  ctx: Refuser<'memberNotFound' | 'memberErased' | 'memberInactive'>,
  memberId: string,
): void {
  const row = stmt(ctx.db, 'SELECT active, erased_at FROM members WHERE id = ?').get(memberId) as
    { active: number; erased_at: number | null } | undefined;
  if (!row) throw ctx.refuse('memberNotFound', { memberId });
  if (row.erased_at !== null) throw ctx.refuse('memberErased');
  if (row.active !== 1) throw ctx.refuse('memberInactive');
}

/** For other areas: may this member earn now (exists, active, not erased)? No refusal: a yes or no. */
export function canEarn(db: ReadDb, memberId: string): boolean {
  const row = stmt(db, 'SELECT active, erased_at FROM members WHERE id = ?').get(memberId) as
    { active: number; erased_at: number | null } | undefined;
  return row !== undefined && row.active === 1 && row.erased_at === null;
}

/** For other areas: the member exists (erased or deactivated members keep their history). */
export function requireMember(ctx: Refuser<'memberNotFound'>, memberId: string): void {
  loadMember(ctx, memberId);
}

/** For other areas (programme bonuses): the birthday ('YYYY-MM-DD') of a live member, or null. */
export function birthdayOf(db: ReadDb, memberId: string): string | null {
  const row = stmt(db, 'SELECT birthday, erased_at FROM members WHERE id = ?').get(memberId) as
    { birthday: string | null; erased_at: number | null } | undefined;
  return row && row.erased_at === null ? row.birthday : null;
}

/** For other areas (a referral at registration): the live member holding this card, or null. */
export function memberIdByCard(db: ReadDb, cardNumber: string): string | null {
  const row = stmt(db, 'SELECT id FROM members WHERE card_number = ? AND erased_at IS NULL').get(cardNumber) as
    { id: string } | undefined;
  return row?.id ?? null;
}

/** Rewrites a member's 2-character name pieces (see name-grams.ts). */
export function writeNameGrams(db: Db, seq: number, key: string | null): void {
  db.prepare('DELETE FROM member_name_grams WHERE member_seq = ?').run(seq);
  if (key === null) return;
  const ins = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_seq) VALUES (?, ?)');
  for (const g of nameGrams(key)) ins.run(g, seq);
}

/** For other areas (reports): who a member is, for a list; erased members have no name. */
export interface MemberLabel {
  seq: number;
  name: string | null;
  cardNumber: string;
  /** Active and not erased: counted in "members now" figures. */
  current: boolean;
}

/** Labels of the given members, by id (read in chunks: one indexed statement per 5,000 ids). */
export function memberLabels(db: ReadDb, ids: readonly string[]): Map<string, MemberLabel> {
  const out = new Map<string, MemberLabel>();
  const unique = [...new Set(ids)];
  const byIds = stmt(
    db,
    `SELECT id, seq, name, card_number, active, erased_at FROM members
     WHERE id IN (SELECT value FROM json_each(?))`,
  );
  for (let i = 0; i < unique.length; i += 5_000) {
    const rows = byIds.all(JSON.stringify(unique.slice(i, i + 5_000))) as {
      id: string;
      seq: number;
      name: string | null;
      card_number: string;
      active: number;
      erased_at: number | null;
    }[];
    for (const r of rows) {
      out.set(r.id, {
        seq: r.seq,
        name: r.name,
        cardNumber: r.card_number,
        current: r.active === 1 && r.erased_at === null,
      });
    }
  }
  return out;
}

/** For other areas (reports): how many members are active and not erased. */
export function countCurrentMembers(db: ReadDb): number {
  return db.prepare('SELECT count(*) FROM members WHERE active = 1 AND erased_at IS NULL').pluck().get() as number;
}

/**
 * For other areas (reports): how many members are current (active, not erased) and the ids
 * of those who are not (few), in one pass over `members` — a report that needs "is this one
 * current" for tens of thousands of members asks the set instead of looking each one up.
 */
export function currentMembersCensus(db: ReadDb): { current: number; notCurrent: Set<string> } {
  const row = db
    .prepare(
      `SELECT coalesce(sum(active = 1 AND erased_at IS NULL), 0) AS current,
              json_group_array(id) FILTER (WHERE NOT (active = 1 AND erased_at IS NULL)) AS others
       FROM members`,
    )
    .get() as { current: number; others: string };
  return { current: row.current, notCurrent: new Set(JSON.parse(row.others) as string[]) };
}

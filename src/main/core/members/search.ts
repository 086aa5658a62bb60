import type { CountryCode } from 'libphonenumber-js/max';
import { getCountryCallingCode } from 'libphonenumber-js/max';
import type { ReadDb } from '../db/open-database';
import { isCardNumber, type MemberMatchKind, type MemberSearchResult } from '../../../shared/contract/members';
import { cleanText, nameKey, tryPhone } from './normalize';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './member-repo';

/**
 * The counter's one search box. Every branch is a single index seek bounded by LIMIT,
 * so the cost does not grow with the number of members:
 *
 * | query looks like            | index used                                   |
 * |-----------------------------|----------------------------------------------|
 * | 13 digits with check digit  | card_number UNIQUE (exact: opens the member) |
 * | 6+ digits                   | card_number range (a card typed by hand)     |
 * | a valid phone number        | phone UNIQUE on E.164                        |
 * | 5+ digits, not yet a phone  | phone range on the E.164 prefix              |
 * | exactly 4 digits            | phone_last4                                  |
 * | contains '@'                | email UNIQUE (exact, then prefix range)      |
 * | a name: exact, then prefix  | name_key (equality, then prefix range)       |
 * | 3+ characters of a name     | members_fts (FTS5 trigram)                   |
 * | 2 characters                | member_name_grams (see name-grams.ts)        |
 * | a plain word                | also email prefix range                      |
 *
 * Erased members are never found: their name, phone and email are NULL, and the card
 * branches exclude them explicitly.
 */
export const DEFAULT_SEARCH_LIMIT = 20;

/** Upper bound for a prefix range on a BINARY index: U+10FFFF sorts after any text. */
const MAX_CHAR = '\u{10FFFF}';

interface Statements {
  cardExact: (card: string) => SummaryRow | undefined;
  cardPrefix: (prefix: string, limit: number) => SummaryRow[];
  phoneExact: (e164: string) => SummaryRow | undefined;
  phonePrefix: (prefix: string, limit: number) => SummaryRow[];
  phoneLast4: (last4: string, limit: number) => SummaryRow[];
  emailExact: (email: string) => SummaryRow | undefined;
  emailPrefix: (prefix: string, limit: number) => SummaryRow[];
  nameFts: (match: string, limit: number) => SummaryRow[];
  nameGram: (gram: string, limit: number) => SummaryRow[];
  namePrefix: (prefix: string, limit: number) => SummaryRow[];
  nameExact: (key: string, limit: number) => SummaryRow[];
}

/** Prepared once per connection: preparing costs more than running these queries. */
const cache = new WeakMap<ReadDb, Statements>();

function statements(db: ReadDb): Statements {
  let s = cache.get(db);
  if (s) return s;
  const cols = SUMMARY_COLUMNS;
  const one = (sql: string) => {
    const st = db.prepare(sql);
    return (arg: string) => st.get(arg) as SummaryRow | undefined;
  };
  const many = (sql: string) => {
    const st = db.prepare(sql);
    return (arg: string, limit: number) => st.all(arg, limit) as SummaryRow[];
  };
  const range = (sql: string) => {
    const st = db.prepare(sql);
    return (prefix: string, limit: number) => st.all(prefix, prefix + MAX_CHAR, limit) as SummaryRow[];
  };
  s = {
    cardExact: one(`SELECT ${cols} FROM members m WHERE m.card_number = ? AND m.erased_at IS NULL`),
    cardPrefix: range(
      `SELECT ${cols} FROM members m WHERE m.card_number >= ? AND m.card_number < ? AND m.erased_at IS NULL
       ORDER BY m.card_number LIMIT ?`,
    ),
    phoneExact: one(`SELECT ${cols} FROM members m WHERE m.phone = ?`),
    phonePrefix: range(`SELECT ${cols} FROM members m WHERE m.phone >= ? AND m.phone < ? ORDER BY m.phone LIMIT ?`),
    phoneLast4: many(`SELECT ${cols} FROM members m WHERE m.phone_last4 = ? LIMIT ?`),
    emailExact: one(`SELECT ${cols} FROM members m WHERE m.email = ?`),
    emailPrefix: range(`SELECT ${cols} FROM members m WHERE m.email >= ? AND m.email < ? ORDER BY m.email LIMIT ?`),
    nameFts: many(
      `SELECT ${cols} FROM members_fts f JOIN members m ON m.seq = f.rowid WHERE members_fts MATCH ? LIMIT ?`,
    ),
    nameGram: many(
      `SELECT ${cols} FROM member_name_grams g JOIN members m ON m.seq = g.member_seq WHERE g.gram = ? LIMIT ?`,
    ),
    nameExact: many(`SELECT ${cols} FROM members m WHERE m.name_key = ? ORDER BY m.seq LIMIT ?`),
    namePrefix: range(
      `SELECT ${cols} FROM members m WHERE m.name_key >= ? AND m.name_key < ? ORDER BY m.name_key, m.seq LIMIT ?`,
    ),
  };
  cache.set(db, s);
  return s;
}

/** An FTS5 phrase: double quotes inside are doubled, so no query syntax gets through. */
export function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export function searchMembers(
  db: ReadDb,
  rawQuery: string,
  country: CountryCode,
  limit = DEFAULT_SEARCH_LIMIT,
): MemberSearchResult {
  const st = statements(db);
  const query = cleanText(rawQuery);
  const kinds: MemberMatchKind[] = [];
  const found = new Map<string, SummaryRow>();
  const add = (kind: MemberMatchKind, rows: (SummaryRow | undefined)[]) => {
    let added = false;
    for (const r of rows) {
      if (!r || found.size >= limit) continue;
      if (!found.has(r.id)) found.set(r.id, r);
      added = true;
    }
    if (added && !kinds.includes(kind)) kinds.push(kind);
  };
  const left = () => limit - found.size;

  if (query.length > 0 && /^\+?[\d\s().-]+$/.test(query)) {
    const digits = query.replace(/\D/g, '');
    if (digits.length === 13 && isCardNumber(digits)) {
      const hit = st.cardExact(digits);
      if (hit) {
        // A scanned card: nothing else can match 13 digits with a valid check digit as
        // well (no phone is that long here), so answer at once.
        add('card', [hit]);
        return { kinds, results: [toSummary(hit, country)], exactCardMemberId: hit.id };
      }
    }
    const e164 = tryPhone(query, country);
    if (e164) add('phone', [st.phoneExact(e164)]);
    if (digits.length === 4) add('phoneLast4', st.phoneLast4(digits, left()));
    if (!e164 && digits.length >= 5 && left() > 0) {
      // Results as you type: "13812" already narrows to numbers starting +8613812.
      const prefix = query.startsWith('+') ? `+${digits}` : `+${getCountryCallingCode(country)}${digits}`;
      add('phonePrefix', st.phonePrefix(prefix, left()));
    }
    if (digits.length >= 6 && digits.length < 13 && left() > 0) add('card', st.cardPrefix(digits, left()));
  } else if (query.includes('@')) {
    const email = query.toLowerCase();
    add('email', [st.emailExact(email)]);
    if (left() > 0) add('email', st.emailPrefix(email, left()));
  } else if (query.length > 0) {
    // Best matches first: the exact name, then names starting with it, then names
    // containing it — each one index seek, so the order costs next to nothing.
    const key = nameKey(query);
    const length = Array.from(key).length;
    add('name', st.nameExact(key, left()));
    if (left() > 0) add('name', st.namePrefix(key, left()));
    if (left() > 0 && length >= 3) add('name', st.nameFts(ftsPhrase(key), left()));
    else if (left() > 0 && length === 2) add('name', st.nameGram(key, left()));
    if (/^[a-z0-9._%+-]{3,}$/.test(key) && left() > 0) add('email', st.emailPrefix(key, left()));
  }
  return { kinds, results: [...found.values()].map((r) => toSummary(r, country)), exactCardMemberId: null };
}

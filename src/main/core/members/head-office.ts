import type { Db } from '../db/open-database';
import { nameKey } from './normalize';
import { writeNameGrams } from './member-repo';
import { eraseAsHeadOfficeSays } from './privacy';

/**
 * A member as head office knows it (a registration at another terminal of the chain,
 * found by sync or an online lookup), written into this store so the counter finds it by
 * card, phone or name like any other. For core/sync, inside its transaction.
 */
export interface HeadOfficeMember {
  id: string;
  cardNumber: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  marketingConsent: boolean;
  active: boolean;
  erased: boolean;
  createdAt: number;
  updatedAt: number;
}

export type ApplyOutcome = 'inserted' | 'updated' | 'unchanged' | 'erased' | 'clash';

/**
 * 'clash': the card, phone or email belongs to another member here (a duplicate
 * registration, which a manager merges at head office): left as it is.
 */
export function applyHeadOfficeMember(db: Db, m: HeadOfficeMember, now: number): ApplyOutcome {
  const row = db.prepare('SELECT seq, erased_at, name_key FROM members WHERE id = ?').get(m.id) as
    { seq: number; erased_at: number | null; name_key: string | null } | undefined;
  if (m.erased) return eraseAsHeadOfficeSays(db, m.id, now) ? 'erased' : 'unchanged';
  if (row?.erased_at != null) return 'unchanged'; // erased here: erased everywhere, whatever arrives later
  if (!m.name || (!m.phone && !m.email)) return 'unchanged';
  const key = nameKey(m.name);
  const last4 = m.phone ? m.phone.slice(-4) : null;
  const clash = db
    .prepare('SELECT 1 FROM members WHERE id <> ? AND (card_number = ? OR phone = ? OR email = ?)')
    .get(m.id, m.cardNumber, m.phone, m.email);
  if (clash) return 'clash';
  const values = {
    id: m.id,
    card_number: m.cardNumber,
    name: m.name,
    name_key: key,
    phone: m.phone,
    phone_last4: last4,
    email: m.email,
    birthday: m.birthday,
    marketing_consent: m.marketingConsent ? 1 : 0,
    active: m.active ? 1 : 0,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
  if (!row) {
    const info = db
      .prepare(
        `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
           marketing_consent, active, created_at, updated_at, created_by)
         VALUES (@id, @card_number, @name, @name_key, @phone, @phone_last4, @email, @birthday,
           @marketing_consent, @active, @created_at, @updated_at, NULL)`,
      )
      .run(values);
    writeNameGrams(db, Number(info.lastInsertRowid), key);
    return 'inserted';
  }
  const changed = db
    .prepare(
      `UPDATE members SET name = @name, name_key = @name_key, phone = @phone, phone_last4 = @phone_last4,
         email = @email, birthday = @birthday, marketing_consent = @marketing_consent, active = @active,
         updated_at = @updated_at
       WHERE id = @id AND (name IS NOT @name OR phone IS NOT @phone OR email IS NOT @email
         OR birthday IS NOT @birthday OR marketing_consent IS NOT @marketing_consent OR active IS NOT @active)`,
    )
    .run(values).changes;
  if (changed > 0 && key !== row.name_key) writeNameGrams(db, row.seq, key);
  return changed > 0 ? 'updated' : 'unchanged';
}

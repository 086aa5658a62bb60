import { CHAIN_PIN_PREFIX, PIN_SET_ELSEWHERE } from '../../../shared/sync/pins';
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
  /** shared/sync/pins.ts; undefined from a head office older than chain PINs. */
  pinHash?: string | null;
  createdAt: number;
  updatedAt: number;
}

export type ApplyOutcome = 'inserted' | 'updated' | 'unchanged' | 'erased' | 'clash';

/**
 * The PIN to hold after head office's copy. Head office's wins (last writer chain-wide),
 * except that it never takes a PIN away (only an erasure does, and that is applied
 * apart) and that the set-elsewhere mark never replaces this terminal's own hash: the
 * mark is how head office shows that very hash to the other stores.
 */
function pinAfter(local: string | null, incoming: string | null | undefined): string | null {
  if (incoming === undefined || incoming === null) return local;
  const ownHash = local !== null && local !== PIN_SET_ELSEWHERE && !local.startsWith(CHAIN_PIN_PREFIX);
  return incoming === PIN_SET_ELSEWHERE && ownHash ? local : incoming;
}

/**
 * 'clash': the card, phone or email belongs to another member here (a duplicate
 * registration, which a manager merges at head office): left as it is.
 */
export function applyHeadOfficeMember(db: Db, m: HeadOfficeMember, now: number): ApplyOutcome {
  const row = db.prepare('SELECT seq, erased_at, name_key, pin_hash FROM members WHERE id = ?').get(m.id) as
    { seq: number; erased_at: number | null; name_key: string | null; pin_hash: string | null } | undefined;
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
    pin_hash: pinAfter(row?.pin_hash ?? null, m.pinHash),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
  if (!row) {
    const info = db
      .prepare(
        `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
           marketing_consent, active, pin_hash, created_at, updated_at, created_by)
         VALUES (@id, @card_number, @name, @name_key, @phone, @phone_last4, @email, @birthday,
           @marketing_consent, @active, @pin_hash, @created_at, @updated_at, NULL)`,
      )
      .run(values);
    writeNameGrams(db, Number(info.lastInsertRowid), key);
    return 'inserted';
  }
  // A new PIN starts with no wrong attempts, as one set here does (pin.ts#setPinHash).
  const changed = db
    .prepare(
      `UPDATE members SET name = @name, name_key = @name_key, phone = @phone, phone_last4 = @phone_last4,
         email = @email, birthday = @birthday, marketing_consent = @marketing_consent, active = @active,
         pin_failed_attempts = CASE WHEN pin_hash IS @pin_hash THEN pin_failed_attempts ELSE 0 END,
         pin_locked_until = CASE WHEN pin_hash IS @pin_hash THEN pin_locked_until ELSE 0 END,
         pin_hash = @pin_hash, updated_at = @updated_at
       WHERE id = @id AND (name IS NOT @name OR phone IS NOT @phone OR email IS NOT @email
         OR birthday IS NOT @birthday OR marketing_consent IS NOT @marketing_consent OR active IS NOT @active
         OR pin_hash IS NOT @pin_hash)`,
    )
    .run(values).changes;
  if (changed > 0 && key !== row.name_key) writeNameGrams(db, row.seq, key);
  return changed > 0 ? 'updated' : 'unchanged';
}

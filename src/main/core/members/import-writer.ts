import type { Db } from '../db/open-database';
import { appendAudit } from '../audit/chain';
import { newId } from '../ids';
import { takeBlockCard } from '../sync/cards';
import { randomCardNumber } from './card-number';
import { nameGrams } from './name-grams';

/** A checked import row, normalised as registerMember would (offline/import/row-checks.ts). */
export interface ImportedMember {
  name: string;
  nameKey: string;
  phone: { e164: string; last4: string } | null;
  email: string | null;
  birthday: string | null;
  consent: boolean;
  fields: string[];
}

/**
 * The member import's writes (issue 13 item 6), for the import worker's own connection:
 * statements prepared once, one row per call in its own savepoint, written as
 * registerMember writes it; 'duplicate' when the phone or email is taken.
 */
export function memberImportWriter(
  db: Db,
  opts: { now: () => number; terminalId: string; actor: { staffId: string; username: string } },
) {
  const phoneTaken = db.prepare('SELECT 1 FROM members WHERE phone = ?').pluck();
  const emailTaken = db.prepare('SELECT 1 FROM members WHERE email = ?').pluck();
  const cardTaken = db.prepare('SELECT 1 FROM members WHERE card_number = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
       marketing_consent, created_at, updated_at, created_by)
     VALUES (@id, @card_number, @name, @name_key, @phone, @phone_last4, @email, @birthday,
       @marketing_consent, @created_at, @updated_at, @created_by)`,
  );
  const gram = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_seq) VALUES (?, ?)');
  const card = () => {
    // Chain mode: a number from head office's block for this terminal; else a random one.
    const block = takeBlockCard(db);
    if (block) return block;
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = randomCardNumber();
      if (!cardTaken.get(candidate)) return candidate;
    }
    throw new Error('could not find a free card number');
  };
  /** One row in its own savepoint, as registerMember writes it; 'duplicate' when taken. */
  return db.transaction((r: ImportedMember): 'created' | 'duplicate' => {
    if ((r.phone && phoneTaken.get(r.phone.e164)) || (r.email && emailTaken.get(r.email))) return 'duplicate';
    const at = opts.now();
    const id = newId();
    const cardNumber = card();
    const info = insert.run({
      id,
      card_number: cardNumber,
      name: r.name,
      name_key: r.nameKey,
      phone: r.phone?.e164 ?? null,
      phone_last4: r.phone?.last4 ?? null,
      email: r.email,
      birthday: r.birthday,
      marketing_consent: r.consent ? 1 : 0,
      created_at: at,
      updated_at: at,
      created_by: opts.actor.staffId,
    });
    const seq = Number(info.lastInsertRowid);
    for (const g of nameGrams(r.nameKey)) gram.run(g, seq);
    appendAudit(db, {
      at,
      terminalId: opts.terminalId,
      actorId: opts.actor.staffId,
      actorName: opts.actor.username,
      action: 'members.registered',
      target: id,
      details: { cardNumber, fields: r.fields },
    });
    return 'created';
  });
}

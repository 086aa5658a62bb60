import type { PushOpOf } from '../../shared/sync';
import { blockOwner } from '../members/card-blocks';
import { applied, OpRejected, type Applied } from './outcome';
import type { ApplyEnv } from './apply';
import { lockMemberKeys } from './parking';

/**
 * Member operations. A registration is refused only when it cannot be true (its id or
 * card already belong to someone else, or its chain card was never issued to this
 * terminal); a phone or email another member has is accepted and flagged
 * 'possibleDuplicate' for a manager to merge — both registrations were confirmed at a
 * counter. Updates are last-writer-wins per field by (operation time, op id), the same
 * result whatever order stores push in — the PIN too (shared/sync/pins.ts). An erasure
 * wins over everything.
 */

type Clock = [number, string];
const FIELD_COLUMNS = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  birthday: 'birthday',
  marketingConsent: 'marketing_consent',
  active: 'active',
  pinHash: 'pin_hash',
} as const;
type Field = keyof typeof FIELD_COLUMNS;

const newer = (a: Clock, b: Clock | undefined) => !b || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

export async function applyMemberRegister(env: ApplyEnv, op: PushOpOf<'member.register'>): Promise<Applied> {
  const { db } = env;
  const p = op.payload;
  await lockMemberKeys(db, { memberId: p.memberId, cardNumber: p.cardNumber });
  const sameId = await db.query('SELECT 1 FROM members WHERE id = $1', [p.memberId]);
  if (sameId.rowCount) throw new OpRejected('memberExists', 'Another operation already registered this member id');
  const sameCard = await db.query('SELECT id FROM members WHERE card_number = $1', [p.cardNumber]);
  if (sameCard.rowCount) throw new OpRejected('cardTaken', 'This card number belongs to another member');
  const owner = await blockOwner(db, p.cardNumber);
  if (owner.chainCard && owner.terminalId === null) {
    throw new OpRejected('cardNotIssued', 'This chain card number was never issued to a terminal');
  }
  if (owner.chainCard && owner.terminalId !== env.terminalId) {
    throw new OpRejected('cardNotYours', 'This card number belongs to another terminal’s block');
  }
  const clock: Clock = [op.at, op.opId];
  const fieldClock = Object.fromEntries(Object.keys(FIELD_COLUMNS).map((f) => [f, clock]));
  await db.query(
    `INSERT INTO members (id, card_number, name, phone, email, birthday, marketing_consent, active, home_store_id,
       registered_by, field_clock, created_at, updated_at, pin_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)`,
    [
      p.memberId,
      p.cardNumber,
      p.name.trim(),
      p.phone,
      p.email,
      p.birthday,
      p.marketingConsent,
      p.active,
      env.storeId,
      env.terminalId,
      JSON.stringify(fieldClock),
      op.at,
      p.pinHash ?? null,
    ],
  );
  const dupes = await db.query(
    `SELECT count(*) AS n FROM members
     WHERE id <> $1 AND merged_into IS NULL AND erased_at IS NULL
       AND ((phone IS NOT NULL AND phone = $2) OR (email IS NOT NULL AND lower(email) = lower($3)))`,
    [p.memberId, p.phone, p.email],
  );
  await env.resolveParked({ memberId: p.memberId, cardNumber: p.cardNumber });
  return dupes.rows[0].n > 0
    ? applied(null, 'possibleDuplicate', 'Another member has this phone or email: a manager may merge them')
    : applied(null);
}

export async function applyMemberUpdate(env: ApplyEnv, op: PushOpOf<'member.update'>): Promise<Applied> {
  const { db } = env;
  const p = op.payload;
  const r = await db.query('SELECT field_clock, erased_at FROM members WHERE id = $1 FOR UPDATE', [p.memberId]);
  if (r.rowCount === 0)
    return { ...applied(null), status: 'parked', reason: 'memberUnknown', parkedMemberId: p.memberId };
  const row = r.rows[0] as { field_clock: Record<string, Clock>; erased_at: number | null };
  if (row.erased_at !== null) {
    return { ...applied(null, 'memberErased', 'The member was erased: the change was dropped'), scrubPayload: true };
  }
  const clock: Clock = [op.at, op.opId];
  const sets: string[] = [];
  const values: unknown[] = [p.memberId];
  const fieldClock = { ...row.field_clock };
  for (const [field, value] of Object.entries(p.changes) as [Field, unknown][]) {
    if (value === undefined || !newer(clock, row.field_clock[field])) continue;
    values.push(typeof value === 'string' && field === 'name' ? value.trim() : value);
    sets.push(`${FIELD_COLUMNS[field]} = $${values.length}`);
    fieldClock[field] = clock;
  }
  if (sets.length === 0) return applied(null, 'superseded', 'Newer changes to these fields were already recorded');
  values.push(JSON.stringify(fieldClock), op.at);
  await db.query(
    `UPDATE members SET ${sets.join(', ')}, field_clock = $${values.length - 1},
       updated_at = greatest(updated_at, $${values.length}) WHERE id = $1`,
    values,
  );
  return applied(null);
}

/**
 * Erased everywhere: the member row's personal fields, the personal data in the recorded
 * register/update payloads, and every older version of the member in the pull change log
 * (now the erased version). Points history stays, keyed by the member id.
 */
export async function applyMemberErase(env: ApplyEnv, op: PushOpOf<'member.erase'>): Promise<Applied> {
  const { db } = env;
  const id = op.payload.memberId;
  await lockMemberKeys(db, { memberId: id });
  const r = await db.query(
    `UPDATE members SET name = NULL, phone = NULL, email = NULL, birthday = NULL, marketing_consent = false,
       pin_hash = NULL, erased_at = coalesce(erased_at, $2), updated_at = greatest(updated_at, $2)
     WHERE id = $1 RETURNING id`,
    [id, op.at],
  );
  if (r.rowCount === 0) return { ...applied(null), status: 'parked', reason: 'memberUnknown', parkedMemberId: id };
  await db.query(
    `UPDATE sync_ops SET payload = jsonb_build_object('memberId', payload->'memberId', 'erased', true)
     WHERE kind IN ('member.register', 'member.update') AND payload->>'memberId' = $1::text`,
    [id],
  );
  await db.query(
    `UPDATE sync_changes c SET data = member_wire(m) FROM members m
     WHERE c.entity = 'member' AND c.entity_id = $1 AND m.id = $1`,
    [id],
  );
  return applied(null);
}

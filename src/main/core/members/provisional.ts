import type { Db, ReadDb } from '../db/open-database';
import type { Refuser } from '../context';
import { newId } from '../ids';
import { stmt } from '../db/statements';

/**
 * Provisional members (issue 12, migration 020). In chain mode a scanned card that
 * neither this store nor head office can answer for — head office unreachable — may
 * still earn: the counter records a members row with no name or contact, flagged
 * `provisional`, and a `members_provisional` row naming the card. Such a member earns
 * (its points go into the ledger like any award, and to head office keyed by the card:
 * sync/capture-ops.ts) and does nothing else: spending, PINs and edits are refused with
 * `provisionalMember`. When the real member with that card is pulled, sync merges it
 * (sync/provisional-merge.ts): the card is released, the row deactivated and marked
 * merged-into; its history stays where it was written.
 */

export interface ProvisionalRow {
  memberId: string;
  cardNumber: string;
  mergedInto: string | null;
}

export function isProvisional(db: ReadDb, memberId: string): boolean {
  return stmt(db, 'SELECT provisional FROM members WHERE id = ?').pluck().get(memberId) === 1;
}

/** For other areas: refuses a provisional member before anything is written. */
export function requireNotProvisional(ctx: Refuser<'provisionalMember'>, memberId: string): void {
  if (isProvisional(ctx.db, memberId)) throw ctx.refuse('provisionalMember', { memberId });
}

/** The provisional member standing for this card and not merged yet, if any. */
export function openProvisionalByCard(db: ReadDb, cardNumber: string): ProvisionalRow | null {
  const r = stmt(
    db,
    'SELECT member_id, card_number, merged_into FROM members_provisional WHERE card_number = ? AND merged_into IS NULL',
  ).get(cardNumber) as { member_id: string; card_number: string; merged_into: string | null } | undefined;
  return r ? { memberId: r.member_id, cardNumber: r.card_number, mergedInto: r.merged_into } : null;
}

/** Member id → card, for those of `memberIds` that are provisional (the outbox keys their ops by card). */
export function provisionalCards(db: ReadDb, memberIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (memberIds.length === 0) return out;
  const rows = stmt(
    db,
    'SELECT member_id, card_number FROM members_provisional WHERE member_id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify([...new Set(memberIds)])) as { member_id: string; card_number: string }[];
  for (const r of rows) out.set(r.member_id, r.card_number);
  return out;
}

/**
 * Records the provisional member for `cardNumber` (inside the channel's transaction).
 * The same card again gives the same provisional member; a card a real member here
 * holds is refused (the counter opens that member instead).
 */
export function recordProvisionalMember(
  ctx: Refuser<'cardKnownHere'> & { db: Db },
  cardNumber: string,
  now: number,
  staffId: string | null,
): string {
  const open = openProvisionalByCard(ctx.db, cardNumber);
  if (open) return open.memberId;
  if (stmt(ctx.db, 'SELECT 1 FROM members WHERE card_number = ?').get(cardNumber)) {
    throw ctx.refuse('cardKnownHere', { field: 'cardNumber' });
  }
  const id = newId();
  stmt(
    ctx.db,
    `INSERT INTO members (id, card_number, provisional, active, created_at, updated_at, created_by)
     VALUES (?, ?, 1, 1, ?, ?, ?)`,
  ).run(id, cardNumber, now, now, staffId);
  stmt(
    ctx.db,
    'INSERT INTO members_provisional (member_id, card_number, recorded_at, recorded_by) VALUES (?, ?, ?, ?)',
  ).run(id, cardNumber, now, staffId);
  return id;
}

/**
 * Frees the provisional member's card for the real member about to be written here:
 * the row keeps its id and history, is deactivated and holds `merged-<card>-<seq>`
 * (the card itself stays in members_provisional). For core/sync, inside its transaction.
 */
export function releaseProvisionalCard(db: Db, memberId: string, now: number): void {
  stmt(
    db,
    `UPDATE members SET card_number = 'merged-' || card_number || '-' || seq, active = 0, updated_at = ?
     WHERE id = ? AND provisional = 1`,
  ).run(now, memberId);
}

/** Records which member the provisional one was merged into (after the real member is written). */
export function markProvisionalMerged(db: Db, memberId: string, into: string, now: number): void {
  stmt(
    db,
    'UPDATE members_provisional SET merged_into = ?, merged_at = ? WHERE member_id = ? AND merged_into IS NULL',
  ).run(into, now, memberId);
}

/** The provisional members merged into `memberId` here (their outbox ops count as its points). */
export function provisionalsMergedInto(db: ReadDb, memberId: string): string[] {
  return stmt(db, 'SELECT member_id FROM members_provisional WHERE merged_into = ?').pluck().all(memberId) as string[];
}

/** The member and the provisional members merged into it here: whose ops and vouchers are its own. */
export function withMergedProvisionals(db: ReadDb, memberId: string): string[] {
  return [memberId, ...provisionalsMergedInto(db, memberId)];
}

/** Every provisional member merged here, with the member it was merged into. */
export function provisionalMerges(db: ReadDb): Map<string, string> {
  const rows = stmt(
    db,
    'SELECT member_id, merged_into FROM members_provisional WHERE merged_into IS NOT NULL',
  ).all() as {
    member_id: string;
    merged_into: string;
  }[];
  return new Map(rows.map((r) => [r.member_id, r.merged_into]));
}

/**
 * The member a provisional one was merged into here, or null (not provisional, or not
 * merged yet). A refund of a purchase made on the card before the merge is charged to it:
 * the points it earned moved there with the merge.
 */
export function mergedInto(db: ReadDb, memberId: string): string | null {
  return (stmt(db, 'SELECT merged_into FROM members_provisional WHERE member_id = ?').pluck().get(memberId) ?? null) as
    string | null;
}

/** Does this member hold this card here (the pulled member was written over its provisional one)? */
export function holdsCard(db: ReadDb, memberId: string, cardNumber: string): boolean {
  return stmt(db, 'SELECT 1 FROM members WHERE id = ? AND card_number = ?').get(memberId, cardNumber) !== undefined;
}

import type { Db, ReadDb } from '../db/open-database';
import type { LedgerKind } from '../../../shared/contract/points';
import type { ExplanationFacts } from '../../../shared/explain/facts';
import { newId } from '../ids';
import { stmt } from '../db/statements';
import { add, max, min, neg, sub, ZERO_POINTS, type Points } from '../../../shared/units';

/**
 * The only code that writes ledger entries. Each call, inside the caller's transaction:
 * appends one entry, moves the cached balance by exactly its points, and keeps the
 * expiry lots in step so that sum(lots.remaining) = max(0, balance):
 * - a credit first pays off any negative balance (a claw-back debt), the rest forms lots
 *   (formLots says why a lot is kept whole);
 * - a debit consumes the lots it names first, then the SOONEST-EXPIRING, never-expiring
 *   last (issue 11 item 1: a member never loses points they would otherwise keep), ties
 *   oldest-earned first; what the lots cannot cover becomes a negative balance — callers
 *   decide whether that is allowed. Callers that spend expire the member's due lots first
 *   (`expiry.ts#expireDueLots`), so expired points are never spent.
 */

/** Who and where: the same for every entry a single operation writes. */
export interface LedgerEnv {
  db: Db;
  now: number;
  terminalId: string;
  staffId: string | null;
  opId: string;
}

export interface LotSpec {
  points: Points;
  earnedAt: number;
  expiresAt: number | null;
}

export interface NewEntry {
  memberId: string;
  kind: LedgerKind;
  /** Non-zero; positive = credit, negative = debit. */
  points: Points;
  /** What the explanation is rendered from (src/shared/explain/facts.ts), never display text. */
  facts: ExplanationFacts;
  reason?: string | null;
  ruleVersion?: number | null;
  refId?: string | null;
  /** Credits: the lots to form (must add up to `points`); default one lot, never expiring. */
  lots?: LotSpec[];
  /** Debits: consume these lots first (a claw-back takes back the purchase's own lot). */
  preferLots?: number[];
  /** Debits: consume exactly these lots (the expiry run). */
  exactLots?: { lotId: number; points: Points }[];
}

export interface AppliedEntry {
  id: string;
  balanceAfter: Points;
  /** Debits: which lots were consumed, in the order they were taken. */
  used: { lotId: number; points: Points }[];
  /** Credits: the lots formed (none for the part that paid off a negative balance). */
  lotIds: number[];
}

export function balanceOf(db: ReadDb, memberId: string): Points {
  const row = stmt(db, 'SELECT balance FROM points_balances WHERE member_id = ?').get(memberId) as
    { balance: Points } | undefined;
  return row?.balance ?? ZERO_POINTS;
}

export function applyEntry(env: LedgerEnv, e: NewEntry): AppliedEntry {
  const { db } = env;
  if (!Number.isSafeInteger(e.points) || e.points === 0) throw new Error(`bad entry points ${e.points}`);
  const before = balanceOf(db, e.memberId);
  const balanceAfter = add(before, e.points);
  if (!Number.isSafeInteger(balanceAfter)) throw new Error('balance out of range');
  const id = newId();
  stmt(
    db,
    `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, staff_id,
       rule_version, ref_id, reason, facts, created_at)
     VALUES (@id, @member_id, @kind, @points, @balance_after, @op_id, @terminal_id, @staff_id,
       @rule_version, @ref_id, @reason, @facts, @created_at)`,
  ).run({
    id,
    member_id: e.memberId,
    kind: e.kind,
    points: e.points,
    balance_after: balanceAfter,
    op_id: env.opId,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    rule_version: e.ruleVersion ?? null,
    ref_id: e.refId ?? null,
    reason: e.reason ?? null,
    facts: JSON.stringify(e.facts),
    created_at: env.now,
  });
  stmt(
    db,
    `INSERT INTO points_balances (member_id, balance, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(member_id) DO UPDATE SET balance = excluded.balance, updated_at = excluded.updated_at`,
  ).run(e.memberId, balanceAfter, env.now);

  let used: AppliedEntry['used'] = [];
  let lotIds: number[] = [];
  if (e.points > 0) {
    lotIds = formLots(
      env,
      e.memberId,
      id,
      before,
      e.lots ?? [{ points: e.points, earnedAt: env.now, expiresAt: null }],
    );
  } else {
    used = consumeLots(env, e.memberId, id, neg(e.points), e);
  }
  return { id, balanceAfter, used, lotIds };
}

/**
 * Each lot is kept whole — `points` as earned, `remaining` after paying the debt — even
 * when the debt took all of it (remaining 0): in chain mode the credit's lots travel to
 * head office as earned (sync/outbox-step.ts), where the member's debt is head office's
 * to settle (this terminal's debt is often only a spend at another store's points).
 */
function formLots(env: LedgerEnv, memberId: string, entryId: string, before: Points, lots: LotSpec[]): number[] {
  // Pay off a negative balance first, from the soonest-expiring points (least valuable).
  let debt = max(ZERO_POINTS, neg(before));
  const ordered = [...lots].sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity));
  const insert = stmt(
    env.db,
    `INSERT INTO points_lots (member_id, entry_id, points, remaining, earned_at, expires_at)
     VALUES (@member_id, @entry_id, @points, @remaining, @earned_at, @expires_at)`,
  );
  const ids: number[] = [];
  for (const lot of ordered) {
    const pay = min(debt, lot.points);
    debt = sub(debt, pay);
    const left = sub(lot.points, pay);
    const row = insert.run({
      member_id: memberId,
      entry_id: entryId,
      points: lot.points,
      remaining: left,
      earned_at: lot.earnedAt,
      expires_at: lot.expiresAt,
    });
    if (left > 0) ids.push(Number(row.lastInsertRowid));
  }
  return ids;
}

function consumeLots(
  env: LedgerEnv,
  memberId: string,
  entryId: string,
  amount: Points,
  e: NewEntry,
): AppliedEntry['used'] {
  const { db } = env;
  const used: AppliedEntry['used'] = [];
  const take = (lotId: number, points: Points) => {
    stmt(db, 'UPDATE points_lots SET remaining = remaining - ? WHERE id = ?').run(points, lotId);
    stmt(
      db,
      `INSERT INTO points_lot_uses (entry_id, lot_id, points) VALUES (?, ?, ?)
       ON CONFLICT(entry_id, lot_id) DO UPDATE SET points = points + excluded.points`,
    ).run(entryId, lotId, points);
    used.push({ lotId, points });
  };
  if (e.exactLots) {
    for (const l of e.exactLots) take(l.lotId, l.points);
    return used;
  }
  let left = amount;
  if (e.preferLots && e.preferLots.length > 0) {
    const one = stmt(db, 'SELECT id, remaining FROM points_lots WHERE id = ? AND member_id = ? AND remaining > 0');
    for (const lotId of e.preferLots) {
      const lot = one.get(lotId, memberId) as { id: number; remaining: Points } | undefined;
      if (!lot || left === 0) continue;
      const n = min(left, lot.remaining);
      take(lot.id, n);
      left = sub(left, n);
    }
  }
  // Runs on points_lots_spend (migration 010), whose key is exactly this order.
  const page = stmt(
    db,
    `SELECT id, remaining FROM points_lots WHERE member_id = ? AND remaining > 0
     ORDER BY expires_at IS NULL, expires_at, earned_at, id LIMIT 64`,
  );
  while (left > 0) {
    const lots = page.all(memberId) as { id: number; remaining: Points }[];
    if (lots.length === 0) break; // the rest becomes a negative balance
    for (const lot of lots) {
      if (left === 0) break;
      const n = min(left, lot.remaining);
      take(lot.id, n);
      left = sub(left, n);
    }
  }
  return used;
}

/** Lots a debit entry consumed, with their dates, so a reversal can restore the same expiry. */
export function lotsUsedBy(db: ReadDb, entryId: string): LotSpec[] {
  return stmt(
    db,
    `SELECT u.points AS points, l.earned_at AS earnedAt, l.expires_at AS expiresAt
     FROM points_lot_uses u JOIN points_lots l ON l.id = u.lot_id
     WHERE u.entry_id = ? ORDER BY l.earned_at, l.id`,
  ).all(entryId) as LotSpec[];
}

import type { BalanceWire, JournalCheckResult, JournalKind, PushedLot } from '../../shared/sync';
import type { PoolClient, Pool } from '../db/pool';
import { newId } from '../ids';

/**
 * Appends to the chain's journal. The balance moves in the same statement (a trigger on
 * the journal), so this module only decides WHICH entries to write:
 * - the entries a terminal wrote, on the member it named, with the terminal's entry ids;
 * - when that member was merged into another, the same net amount then moves on to the
 *   survivor by a merge_out / merge_in pair — the merged registration's history keeps
 *   what happened to it, and the survivor's balance is where the points are.
 */

export interface EntryToAppend {
  id: string;
  kind: JournalKind;
  points: number;
  /** A credit's expiry parts (migration 015); absent: it never expires. */
  lots?: PushedLot[] | null;
}

export interface AppendEnv {
  opId: string;
  terminalId: string | null;
  storeId: string | null;
  refId: string | null;
  occurredAt: number;
  recordedAt: number;
}

type Db = PoolClient | Pool;

export async function insertEntries(db: Db, memberId: string, entries: EntryToAppend[], env: AppendEnv) {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, store_id, ref_id, occurred_at, recorded_at, lots)
     SELECT e.id, $1, e.kind, e.points, $2, $3, $4, $5, $6, $7, e.lots::jsonb
     FROM unnest($8::uuid[], $9::text[], $10::bigint[], $11::text[]) WITH ORDINALITY AS e(id, kind, points, lots, n)
     ORDER BY e.n`,
    [
      memberId,
      env.opId,
      env.terminalId,
      env.storeId,
      env.refId,
      env.occurredAt,
      env.recordedAt,
      entries.map((e) => e.id),
      entries.map((e) => e.kind),
      entries.map((e) => e.points),
      entries.map((e) => (e.lots && e.lots.length > 0 ? JSON.stringify(e.lots) : null)),
    ],
  );
}

/** Follows merges to the registration that holds the points now (at most a few hops). */
export async function survivorOf(db: Db, memberId: string): Promise<{ id: string; mergeId: string | null }> {
  let id = memberId;
  let mergeId: string | null = null;
  for (let hop = 0; hop < 50; hop++) {
    const r = await db.query(
      `SELECT m.merged_into, mm.id AS merge_id FROM members m
       LEFT JOIN member_merges mm ON mm.merged_id = m.id WHERE m.id = $1`,
      [id],
    );
    const row = r.rows[0] as { merged_into: string | null; merge_id: string | null } | undefined;
    if (!row || row.merged_into === null) return { id, mergeId };
    mergeId ??= row.merge_id;
    id = row.merged_into;
  }
  throw new Error(`member ${memberId} has a merge chain longer than 50`);
}

/**
 * The terminal's entries, then on to the survivor if the member was merged — one hop at a
 * time, and each hop's `merged_into` read only AFTER this transaction's entry moved that
 * member's balance. A merge locks the merged member's balance row before it moves the
 * balance, so the two serialise on that row: either the merge comes first (this write
 * waits for it, then sees merged_into and moves on) or this write does (the merge waits,
 * then moves these points with the rest). Following the whole chain in one read instead
 * lets a merge of the survivor that commits meanwhile strand the points on it (the
 * chaos test found exactly that). Returns where the points ended and its balance.
 */
export async function appendForMember(
  db: PoolClient,
  memberId: string,
  entries: EntryToAppend[],
  env: AppendEnv,
): Promise<{ memberId: string; balance: number }> {
  await insertEntries(db, memberId, entries, env);
  const net = entries.reduce((a, e) => a + e.points, 0);
  let current = memberId;
  for (let hop = 0; hop < 50; hop++) {
    const r = await db.query(
      `SELECT m.merged_into, mm.id AS merge_id FROM members m
       LEFT JOIN member_merges mm ON mm.merged_id = m.id WHERE m.id = $1`,
      [current],
    );
    const next = r.rows[0] as { merged_into: string | null; merge_id: string | null } | undefined;
    if (!next || next.merged_into === null || net === 0)
      return { memberId: current, balance: await balanceOf(db, current) };
    await moveBetween(db, current, next.merged_into, net, { ...env, refId: next.merge_id });
    current = next.merged_into;
  }
  throw new Error(`member ${memberId} has a merge chain longer than 50`);
}

/** `points` leave `from` and reach `to` as two head office entries of one op. */
export async function moveBetween(db: PoolClient, from: string, to: string, points: number, env: AppendEnv) {
  // The points keep their expiry dates on the survivor (read before the merge_out consumes them).
  const lots = points > 0 ? await soonestExpiring(db, from, points) : null;
  await insertEntries(db, from, [{ id: newId(), kind: 'merge_out', points: -points }], { ...env, terminalId: null });
  await insertEntries(db, to, [{ id: newId(), kind: 'merge_in', points, lots }], { ...env, terminalId: null });
}

/**
 * The member's open lots a debit of `points` would consume (migration 015's order:
 * soonest-expiring first), as expiry parts — null when none of them expires.
 */
export async function soonestExpiring(db: Db, memberId: string, points: number): Promise<PushedLot[] | null> {
  const r = await db.query(
    // covered is a sum (numeric): cast back to bigint, which the pool reads as a number.
    `SELECT expires_at AS "expiresAt", least(remaining, $2 - (covered - remaining))::bigint AS points
     FROM (SELECT expires_at, remaining, sum(remaining) OVER (ORDER BY expires_at NULLS LAST, id) AS covered
           FROM point_lots WHERE member_id = $1) l
     WHERE covered - remaining < $2 ORDER BY covered`,
    [memberId, points],
  );
  const lots = (r.rows as PushedLot[]).filter((l) => l.expiresAt !== null);
  return lots.length > 0 ? lots : null;
}

export async function balanceOf(db: Db, memberId: string): Promise<number> {
  const r = await db.query('SELECT balance FROM balances WHERE member_id = $1', [memberId]);
  return r.rows[0]?.balance ?? 0;
}

export async function balanceWire(db: Db, memberId: string): Promise<BalanceWire> {
  const r = await db.query('SELECT balance_wire(b) AS w FROM balances b WHERE member_id = $1', [memberId]);
  return r.rows[0].w as BalanceWire;
}

/** Every cached balance against its journal sum, and every `held` against the active holds. */
export async function checkJournal(db: Db): Promise<JournalCheckResult> {
  const [bad, badHeld, counts, badLots] = await Promise.all([
    db.query('SELECT member_id, cached, journal FROM journal_check() LIMIT 100'),
    db.query('SELECT member_id, cached_held, holds FROM holds_check() LIMIT 100'),
    db.query('SELECT (SELECT count(*) FROM balances) AS members, (SELECT count(*) FROM journal) AS entries'),
    db.query('SELECT member_id AS "memberId", balance, lots FROM lots_check() LIMIT 100'),
  ]);
  const byMember = new Map<string, JournalCheckResult['mismatches'][number]>();
  for (const r of bad.rows) {
    byMember.set(r.member_id, { memberId: r.member_id, cached: r.cached, journal: r.journal, cachedHeld: 0, holds: 0 });
  }
  for (const r of badHeld.rows) {
    // A held-only mismatch: its balance agrees with the journal, so show that balance twice.
    const balance = byMember.has(r.member_id) ? 0 : await balanceOf(db, r.member_id);
    const m = byMember.get(r.member_id) ?? {
      memberId: r.member_id,
      cached: balance,
      journal: balance,
      cachedHeld: 0,
      holds: 0,
    };
    m.cachedHeld = r.cached_held;
    m.holds = r.holds;
    byMember.set(r.member_id, m);
  }
  const mismatches = [...byMember.values()];
  const lots = badLots.rows as JournalCheckResult['lots'];
  return {
    ok: mismatches.length === 0 && lots.length === 0,
    members: counts.rows[0].members,
    entries: counts.rows[0].entries,
    mismatches,
    lots,
  };
}

import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { monthIndex, monthStart } from '../db/migrations/016-member-totals';
import type { Minor, Points } from '../../../shared/units';

/**
 * Readers of the per-member running totals (`points_member_months`, migration 016): what
 * the reports and the tier windows need without a scan of every purchase in a period.
 */

const ready = new WeakSet<object>();

/** True once migration 016's table exists on this connection (remembered once seen). */
export function memberTotalsReady(db: ReadDb): boolean {
  if (ready.has(db)) return true;
  const found = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'points_member_months'").get();
  if (found) ready.add(db);
  return Boolean(found);
}

export interface MemberMonthTotals {
  month: number;
  purchases: number;
  paidMinor: Minor;
  earned: Points;
  refundedMinor: Minor;
  pointsIn: Points;
  pointsOut: Points;
}

/** One member's month rows, oldest first (lifetime = their sum; a few dozen rows at most). */
export function memberMonths(db: ReadDb, memberId: string): MemberMonthTotals[] {
  return stmt(
    db,
    `SELECT month, purchases, paid_minor AS paidMinor, earned, refunded_minor AS refundedMinor,
            points_in AS pointsIn, points_out AS pointsOut
     FROM points_member_months WHERE member_id = ? ORDER BY month`,
  ).all(memberId) as MemberMonthTotals[];
}

export interface PeriodSpend {
  memberId: string;
  purchases: number;
  spendMinor: Minor;
  pointsEarned: Points;
}

/** One member's exact figures for [from, to): the definition spendByMember uses, by member index. */
function memberPeriodSpend(db: ReadDb, memberId: string, from: number, to: number): PeriodSpend {
  const p = stmt(
    db,
    `SELECT count(*) AS n, coalesce(sum(paid_minor), 0) AS paid, coalesce(sum(points_earned), 0) AS earned
     FROM points_purchases INDEXED BY points_purchases_member
     WHERE member_id = ? AND created_at >= ? AND created_at < ?`,
  ).get(memberId, from, to) as { n: number; paid: number; earned: number };
  const r = stmt(
    db,
    `SELECT coalesce(sum(amount_minor), 0) FROM points_refunds INDEXED BY points_refunds_member
     WHERE member_id = ? AND created_at >= ? AND created_at < ?`,
  )
    .pluck()
    .get(memberId, from, to) as number;
  return { memberId, purchases: p.n, spendMinor: (p.paid - r) as Minor, pointsEarned: p.earned as Points };
}

const PAGE = 128;

/**
 * The `limit` members with the most spend (paid − refunded in the period) among members
 * with a purchase in [from, to) whom `rank` lists (it gives the tie order: lower first;
 * undefined = not listed). Exact, by the threshold algorithm over the months the period
 * touches: each month's members are read by what they paid that month, most first
 * (`points_member_months_paid`), round by round; each member met is priced exactly from
 * the member indexes. A member not met yet paid at most the current row's figure in every
 * month's list (0 in a finished list), so their period spend is at most the sum of those
 * figures — once the `limit`-th best spend is above that bound, nobody unseen can enter.
 * Returns null when it would need more than `maxProbes` members priced, or when members
 * outside every list could place (the caller then scans the period).
 */
export function topSpendersByMonths(
  db: ReadDb,
  from: number,
  to: number,
  limit: number,
  rank: (memberIds: string[]) => Map<string, number>,
  maxProbes = 20_000,
): (PeriodSpend & { seq: number })[] | null {
  if (from >= to || limit <= 0) return [];
  const m0 = monthIndex(from);
  const m1 = monthIndex(to - 1);
  const page = stmt(
    db,
    `SELECT member_id AS id, paid_minor AS paid FROM points_member_months INDEXED BY points_member_months_paid
     WHERE month = ? AND paid_minor > 0 ORDER BY paid_minor DESC LIMIT ? OFFSET ?`,
  );
  const lists = Array.from({ length: m1 - m0 + 1 }, (_, i) => ({
    month: m0 + i,
    rows: [] as { id: string; paid: number }[],
    at: 0, // next row in `rows`
    read: 0, // rows fetched so far
    done: false,
    bound: Number.MAX_SAFE_INTEGER,
  }));
  const seen = new Set<string>();
  const best: (PeriodSpend & { seq: number })[] = [];
  const better = (a: { spendMinor: number; seq: number }, b: { spendMinor: number; seq: number }) =>
    a.spendMinor > b.spendMinor || (a.spendMinor === b.spendMinor && a.seq < b.seq);
  let probes = 0;
  for (;;) {
    const fresh: string[] = [];
    for (const l of lists) {
      if (l.done) continue;
      if (l.at === l.rows.length) {
        l.rows = page.all(l.month, PAGE, l.read) as { id: string; paid: number }[];
        l.read += l.rows.length;
        l.at = 0;
        if (l.rows.length === 0) {
          l.done = true;
          l.bound = 0;
          continue;
        }
      }
      const row = l.rows[l.at++];
      l.bound = row.paid;
      if (!seen.has(row.id)) {
        seen.add(row.id);
        fresh.push(row.id);
      }
    }
    if (fresh.length > 0) {
      probes += fresh.length;
      if (probes > maxProbes) return null;
      const seqs = rank(fresh);
      for (const id of fresh) {
        const seq = seqs.get(id);
        if (seq === undefined) continue;
        const s = memberPeriodSpend(db, id, from, to);
        if (s.purchases === 0) continue;
        const c = { ...s, seq };
        if (best.length < limit || better(c, best[best.length - 1])) {
          best.push(c);
          best.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
          if (best.length > limit) best.pop();
        }
      }
    }
    // Every member with a paid purchase in these months was met. Members whose purchases
    // were all paid with points (paid 0) are in no list: exact only if they cannot place.
    if (lists.every((l) => l.done)) return best.length === limit && best[limit - 1].spendMinor > 0 ? best : null;
    const bound = lists.reduce((s, l) => s + l.bound, 0);
    if (best.length === limit && best[limit - 1].spendMinor > bound) return best;
  }
}

/**
 * Every member's paid total (after points discounts) for purchases in [since, now], read
 * from the month totals (migration 016) instead of a scan of the window's purchases: the
 * months the window touches, summed per member off `points_member_months_paid` (covering:
 * member and paid are in the index), corrected at both edges by what the first and last
 * month hold outside the window. The first month's part is scanned on whichever side of
 * `since` is shorter (so at most half a month of purchases), the last month's part after
 * `now` is normally empty. Members whose window total is 0 may be missing.
 */
export function windowPaidByMember(db: ReadDb, since: number, now: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (id: string, v: number) => {
    const s = (out.get(id) ?? 0) + v;
    if (s === 0) out.delete(id);
    else out.set(id, s);
  };
  const edge = (from: number, to: number, sign: 1 | -1) => {
    if (from >= to) return;
    const rows = stmt(
      db,
      `SELECT member_id, sum(paid_minor) FROM points_purchases INDEXED BY points_purchases_period
       WHERE created_at >= ? AND created_at < ? GROUP BY member_id`,
    )
      .raw()
      .iterate(from, to) as IterableIterator<[string, number]>;
    for (const [id, paid] of rows) add(id, sign * paid);
  };
  if (since > now) return out;
  const end = now + 1; // the window includes `now`
  let m0 = monthIndex(since);
  const m1 = monthIndex(now);
  if (m0 === m1) {
    edge(since, end, 1);
    return out;
  }
  const next = monthStart(m0 + 1);
  if (next - since < since - monthStart(m0)) {
    // Shorter to add [since, next month) and start the whole months one later.
    edge(since, next, 1);
    m0++;
  } else {
    edge(monthStart(m0), since, -1);
  }
  const months = stmt(
    db,
    `SELECT member_id, paid_minor FROM points_member_months INDEXED BY points_member_months_paid
     WHERE month >= ? AND month <= ? AND paid_minor > 0`,
  )
    .raw()
    .iterate(m0, m1) as IterableIterator<[string, number]>;
  for (const [id, paid] of months) add(id, paid);
  edge(end, monthStart(m1 + 1), -1);
  return out;
}

import type { Db, ReadDb } from '../db/open-database';
import { addMonths } from './exact-math';
import { ruleSetAt } from './rules-repo';
import { stmt } from '../db/statements';
import { hasTierSpend, rebuildTierSpend } from '../db/migrations/022-tier-spend';
import type { StartupCheck } from '../startup-checks';

/**
 * Members whose maintained spend must be corrected before the report trusts it; past this
 * the report reads the month totals instead (a chore that has not run for weeks).
 */
/**
 * The maintained rolling tier spend (migration 022): readers for the tier report
 * (reports/tier-bands.ts) and the chore that moves the window's anchor.
 */

export const MAX_CORRECTED_MEMBERS = 20_000;

/** Purchases whose departure one chore transaction subtracts (keeps each write short). */
const ADVANCE_STEP_PURCHASES = 20_000;

export interface WindowRow {
  window_months: number;
  since_ms: number;
}

export function tierSpendWindow(db: ReadDb): WindowRow | undefined {
  return stmt(db, 'SELECT window_months, since_ms FROM points_tier_window WHERE id = 1').get() as WindowRow | undefined;
}

/** Purchases that left the window which the report subtracts itself; past this it declines. */
export const MAX_DEPARTED_PURCHASES = 100_000;

export interface DepartedMember {
  memberId: string;
  left: number;
  spend: number | null;
  isCurrent: boolean | null;
}

/** What the report must correct before it trusts V at `now`. */
export interface SpendCorrections {
  /**
   * Per member whose purchases in [anchor, since) have left the window: what those (and
   * the refunds on them) put in V (`left`), V itself and whether the member is current,
   * as the table has them (null without a row): V − left is their spend now.
   */
  departed: DepartedMember[];
  /** Members with purchases or refunds after `now` (a report for a past moment): recompute. */
  recompute: Set<string>;
}

/**
 * The corrections for a report at `now` whose window starts at `since` ≥ the anchor; null
 * when there are too many (a chore that has not run for weeks: the month totals answer).
 */
export function spendCorrections(db: ReadDb, anchor: number, since: number, now: number): SpendCorrections | null {
  if (since > anchor) {
    const past = stmt(
      db,
      `SELECT created_at FROM points_purchases INDEXED BY points_purchases_period
        WHERE created_at >= ? ORDER BY created_at LIMIT 1 OFFSET ${MAX_DEPARTED_PURCHASES}`,
    )
      .pluck()
      .get(anchor) as number | undefined;
    if (past !== undefined && past < since) return null;
  }
  const rows = stmt(
    db,
    `SELECT d.member_id, d.v, t.spend_minor, t.is_current FROM (
       SELECT member_id, sum(v) AS v FROM (${DEPARTED_SQL}) GROUP BY member_id
     ) d LEFT JOIN points_tier_spend t ON t.member_id = d.member_id`,
  )
    .raw()
    .all({ from: anchor, end: since }) as [string, number, number | null, number | null][];
  const departed = rows.map(([memberId, left, spend, cur]) => ({
    memberId,
    left,
    spend,
    isCurrent: cur === null ? null : cur === 1,
  }));
  const limit = MAX_CORRECTED_MEMBERS + 1;
  const recompute = new Set<string>();
  const later = stmt(
    db,
    `SELECT DISTINCT member_id FROM points_purchases INDEXED BY points_purchases_period
      WHERE created_at > ? LIMIT ?`,
  ).pluck();
  const laterRefunds = stmt(
    db,
    `SELECT DISTINCT member_id FROM points_refunds INDEXED BY points_refunds_created WHERE created_at > ? LIMIT ?`,
  ).pluck();
  for (const id of later.all(now, limit) as string[]) recompute.add(id);
  for (const id of laterRefunds.all(now, limit) as string[]) recompute.add(id);
  if (recompute.size > MAX_CORRECTED_MEMBERS) return null;
  return { departed, recompute };
}

/**
 * What purchases made in [@from, @end) put in V, as (member, amount) rows: paid, less
 * every refund on them (the refund trigger subtracted each, whenever it was made).
 * Driven by the purchases' period index and each purchase's refunds, never all refunds.
 */
const DEPARTED_SQL = `
  SELECT member_id, paid_minor AS v FROM points_purchases INDEXED BY points_purchases_period
   WHERE created_at >= @from AND created_at < @end
  UNION ALL
  SELECT r.member_id, -r.amount_minor FROM points_purchases p INDEXED BY points_purchases_period
    JOIN points_refunds r INDEXED BY points_refunds_purchase ON r.purchase_id = p.id
   WHERE p.created_at >= @from AND p.created_at < @end`;

/**
 * One member's rolling spend as the scan defines it (period-reports.ts#tierDistributionByScan
 * via report-queries.ts#rollingSpendByMember): paid on purchases in [since, now] less
 * refunds made by `now` on purchases since `since`; 0 without a purchase in the window.
 */
export function windowSpendOf(db: ReadDb, memberId: string, since: number, now: number): number {
  const row = stmt(
    db,
    `SELECT count(*) AS n, coalesce(sum(paid_minor), 0) AS paid FROM points_purchases INDEXED BY points_purchases_member
      WHERE member_id = @id AND created_at >= @since AND created_at <= @now`,
  ).get({ id: memberId, since, now }) as { n: number; paid: number };
  if (row.n === 0) return 0;
  const refunded = stmt(
    db,
    `SELECT coalesce(sum(r.amount_minor), 0) FROM points_refunds r INDEXED BY points_refunds_member
       JOIN points_purchases p ON p.id = r.purchase_id
      WHERE r.member_id = @id AND r.created_at <= @now AND p.created_at >= @since`,
  )
    .pluck()
    .get({ id: memberId, since, now }) as number;
  return row.paid - refunded;
}

/**
 * How many current members' maintained spend lies in [lo, hi) (one range of the partial
 * index over current members).
 */
export function currentMembersWithSpendIn(db: ReadDb, lo: number, hi: number): number {
  return stmt(
    db,
    `SELECT count(*) FROM points_tier_spend INDEXED BY points_tier_spend_band
      WHERE is_current = 1 AND spend_minor >= ? AND spend_minor < ?`,
  )
    .pluck()
    .get(lo, hi) as number;
}

/** A member's maintained spend V (0 without a row). */
export function maintainedSpendOf(db: ReadDb, memberId: string): number {
  return (
    (stmt(db, 'SELECT spend_minor FROM points_tier_spend WHERE member_id = ?').pluck().get(memberId) as
      number | undefined) ?? 0
  );
}

export { hasTierSpend };

/**
 * Moves the anchor to the window start of `now` under the rules in force, subtracting the
 * purchases (and their refunds) that left the window, in transactions of at most
 * ADVANCE_STEP_PURCHASES purchases (at most `maxSteps` of them); rebuilds the table when
 * the window length changed. Returns the number of transactions it ran.
 */
export function advanceTierSpend(db: Db, now: number, maxSteps = Infinity): number {
  if (!hasTierSpend(db)) return 0;
  const windowMonths = ruleSetAt(db, now).rules.tierWindowMonths;
  const target = addMonths(now, -windowMonths);
  const w = tierSpendWindow(db);
  if (!w || w.window_months !== windowMonths || target < w.since_ms) {
    // A shorter anchor would need purchases the table never summed: rebuild.
    db.transaction(() => rebuildTierSpend(db, windowMonths, target)).immediate();
    return 1;
  }
  let steps = 0;
  let anchor = w.since_ms;
  while (anchor < target && steps < maxSteps) {
    const stepEnd = Math.min(
      target,
      (stmt(
        db,
        `SELECT created_at FROM points_purchases INDEXED BY points_purchases_period
          WHERE created_at >= ? ORDER BY created_at LIMIT 1 OFFSET ${ADVANCE_STEP_PURCHASES}`,
      )
        .pluck()
        .get(anchor) as number | undefined) ?? target,
    );
    // A step ending on the anchor itself (more purchases at one millisecond than a step) still moves on.
    const end = stepEnd > anchor ? stepEnd : target;
    const from = anchor;
    db.transaction(() => {
      db.prepare(
        `UPDATE points_tier_spend SET spend_minor = spend_minor - d.v FROM (
           SELECT member_id, sum(v) AS v FROM (${DEPARTED_SQL}) GROUP BY member_id
         ) d WHERE d.member_id = points_tier_spend.member_id`,
      ).run({ from, end });
      // Keep the table to members with something in the window (V = 0 reads the same as no row).
      db.prepare(
        `DELETE FROM points_tier_spend WHERE spend_minor = 0 AND member_id IN (
           SELECT member_id FROM points_purchases INDEXED BY points_purchases_period
            WHERE created_at >= @from AND created_at < @end)`,
      ).run({ from, end });
      db.prepare('UPDATE points_tier_window SET since_ms = ? WHERE id = 1').run(end);
    }).immediate();
    anchor = end;
    steps++;
  }
  return steps;
}

/**
 * Start-up and daily chore: moves the tier window's anchor (a chore, not a check: it
 * reports only its own failure). At most CHORE_STEPS transactions a run, so a store
 * reopened after months does not spend its start-up catching up: until the anchor is
 * near, the report reads the month totals, and each later run moves it further.
 */
export const CHORE_STEPS = 5;

export const tierSpendAdvance: StartupCheck = {
  name: 'points-tier-spend-advance',
  run(db, now) {
    try {
      advanceTierSpend(db, now, CHORE_STEPS);
      return [];
    } catch (err) {
      return [`tier spend advance failed: ${err instanceof Error ? err.message : String(err)}`];
    }
  },
};

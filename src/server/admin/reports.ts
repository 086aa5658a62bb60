import { EXPIRY_FORECAST_WEEKS, type AdminQuery, type ReportsDto } from '../../shared/headoffice/admin-api';
import type { ServiceContext } from '../context';

/**
 * The terminal's summary report, chain-wide and computed by PostgreSQL over the journal:
 * - earned: `earn` entries (points issued on purchases);
 * - spent: rewards and bills, net of voided redemptions and of points given back by
 *   refunds of bills paid with points — the terminal's "redeemed" (reports/summary.ts).
 * Days are calendar days in the manager's time zone, by when the entry happened at the
 * counter (occurred_at), not when it reached head office.
 */
const SPENT_KINDS = ['redeem', 'redeem_void', 'pay', 'refund_return'];
export const DEFAULT_TOP_MEMBERS = 10;
const WEEK_MS = 7 * 86_400_000;

/** The [from 00:00, to + 1 day 00:00) range in `tz`, in epoch ms, as SQL over $1 from, $2 to, $3 tz. */
const RANGE = `j.occurred_at >= (extract(epoch FROM ($1::date::timestamp AT TIME ZONE $3)) * 1000)::bigint
  AND j.occurred_at < (extract(epoch FROM (($2::date + 1)::timestamp AT TIME ZONE $3)) * 1000)::bigint`;

export async function reports(ctx: ServiceContext, input: AdminQuery<'reports'>): Promise<ReportsDto> {
  const { from, to, tz } = input;
  const top = input.top ?? DEFAULT_TOP_MEMBERS;
  const days = await ctx.pool.query(
    `SELECT to_char(to_timestamp(j.occurred_at / 1000.0) AT TIME ZONE $3, 'YYYY-MM-DD') AS day, j.store_id,
       coalesce(sum(j.points) FILTER (WHERE j.kind = 'earn'), 0) AS earned,
       coalesce(-sum(j.points) FILTER (WHERE j.kind = ANY($4)), 0) AS spent
     FROM journal j
     WHERE ${RANGE}
     GROUP BY 1, 2
     HAVING count(*) FILTER (WHERE j.kind = 'earn' OR j.kind = ANY($4)) > 0
     ORDER BY 1, 2 NULLS LAST`,
    [from, to, tz, SPENT_KINDS],
  );
  const topMembers = await ctx.pool.query(
    `SELECT j.member_id, m.card_number, m.name, sum(j.points) AS earned, b.balance
     FROM journal j JOIN members m ON m.id = j.member_id JOIN balances b ON b.member_id = j.member_id
     WHERE j.kind = 'earn' AND ${RANGE} AND m.erased_at IS NULL
     GROUP BY j.member_id, m.card_number, m.name, b.balance
     ORDER BY earned DESC, m.card_number
     LIMIT $4`,
    [from, to, tz, top],
  );
  // The expiry forecast: the lots head office expires (src/server/expiry), of members who
  // can still spend them, by week from now (the point_lots_due index).
  const now = ctx.now();
  const expiring = await ctx.pool.query(
    `SELECT (l.expires_at - $1) / $2 AS week, sum(l.remaining) AS points
     FROM point_lots l JOIN members m ON m.id = l.member_id
     WHERE l.expires_at >= $1 AND l.expires_at < $1 + $2 * $3 AND m.merged_into IS NULL AND m.erased_at IS NULL
     GROUP BY 1 ORDER BY 1`,
    [now, WEEK_MS, EXPIRY_FORECAST_WEEKS],
  );
  // A redemption is voided when a void entry names it (migration 019); its points are back.
  const redemptions = await ctx.pool.query(
    `SELECT r.reward_id, max(r.reward_name) AS reward_name,
       count(*) FILTER (WHERE v.entry_id IS NULL) AS redemptions,
       count(*) FILTER (WHERE v.entry_id IS NOT NULL) AS voided,
       coalesce(-sum(j.points) FILTER (WHERE v.entry_id IS NULL), 0) AS points
     FROM journal j
     LEFT JOIN redemption_entries r ON r.entry_id = j.id
     LEFT JOIN LATERAL (SELECT x.entry_id FROM redemption_entries x
       WHERE x.redemption_id = r.redemption_id AND x.kind = 'redeem_void' LIMIT 1) v ON true
     WHERE j.kind = 'redeem' AND ${RANGE}
     GROUP BY r.reward_id
     ORDER BY redemptions DESC, points DESC, reward_name NULLS LAST`,
    [from, to, tz],
  );
  return {
    from,
    to,
    tz,
    redemptions: redemptions.rows.map((r) => ({
      rewardId: r.reward_id,
      rewardName: r.reward_name,
      redemptions: Number(r.redemptions),
      voided: Number(r.voided),
      points: Number(r.points),
    })),
    expiring: expiring.rows.map((w) => ({
      week: Number(w.week),
      from: now + Number(w.week) * WEEK_MS,
      points: Number(w.points),
    })),
    days: days.rows.map((d) => ({ day: d.day, storeId: d.store_id, earned: Number(d.earned), spent: Number(d.spent) })),
    topMembers: topMembers.rows.map((m) => ({
      memberId: m.member_id,
      cardNumber: m.card_number,
      name: m.name,
      earned: Number(m.earned),
      balance: m.balance,
    })),
  };
}

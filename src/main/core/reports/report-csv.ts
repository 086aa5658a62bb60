import { stringify } from 'csv-stringify/sync';
import type { ReadDb } from '../db/open-database';
import type { ReportKind } from '../../../shared/contract/reports';
import { summaryReport } from './summary';
import { expiryForecast, redemptionByReward, tierDistribution, topMembers } from './period-reports';

/**
 * Reports as CSV for download (small tables: csv-stringify directly). UTF-8 with a BOM
 * so Excel opens Chinese names correctly; formula-looking cells escaped; money as
 * integer minor units in a column that says so (no float formatting surprises).
 */
const iso = (ms: number) => new Date(ms).toISOString();

function rowsFor(db: ReadDb, report: ReportKind, from: number, to: number, now: number): (string | number | null)[][] {
  switch (report) {
    case 'summary': {
      const s = summaryReport(db, from, to, now);
      return [
        ['metric', 'value'],
        ['period_from', iso(from)],
        ['period_to', iso(to)],
        ['purchases', s.purchases.count],
        ['gross_minor', s.purchases.grossMinor],
        ['points_discount_minor', s.purchases.pointsDiscountMinor],
        ['paid_minor', s.purchases.paidMinor],
        ['refunds', s.refunds.count],
        ['refunded_minor', s.refunds.amountMinor],
        ['net_spend_minor', s.netSpendMinor],
        ['points_issued', s.points.issued],
        ['points_redeemed', s.points.redeemed],
        ['points_expired', s.points.expired],
        ['points_adjusted', s.points.adjusted],
        ['points_clawed_back', s.points.clawedBack],
        ['outstanding_points', s.liability.outstandingPoints],
        ['liability_minor', s.liability.liabilityMinor],
        ['currency', s.liability.currency],
      ];
    }
    case 'topMembers':
      return [
        ['member_id', 'name', 'card_number', 'purchases', 'spend_minor', 'points_earned'],
        ...topMembers(db, from, to, 100).map((m) => [
          m.memberId,
          m.name,
          m.cardNumber,
          m.purchases,
          m.spendMinor,
          m.pointsEarned,
        ]),
      ];
    case 'tiers':
      return [
        ['tier', 'threshold_minor', 'members'],
        ...tierDistribution(db, now).map((t) => [t.tier ?? '(none)', t.thresholdMinor, t.members]),
      ];
    case 'redemptions':
      return [
        ['reward_id', 'reward_name', 'redemptions', 'voided', 'points'],
        ...redemptionByReward(db, from, to).map((r) => [r.rewardId, r.rewardName, r.redemptions, r.voided, r.points]),
      ];
    case 'expiry': {
      const f = expiryForecast(db, now, 90);
      return [['week_from', 'week_to', 'points'], ...f.buckets.map((b) => [iso(b.from), iso(b.to), b.points])];
    }
  }
}

export function reportCsv(db: ReadDb, report: ReportKind, from: number, to: number, now: number) {
  const csv = stringify(rowsFor(db, report, from, to, now), {
    bom: true,
    escape_formulas: true,
    // C1 controls quoted (older rows may hold them; the contract refuses new ones).

    quoted_match: /[\u0080-\u009f]/,
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
  });
  const day = (ms: number) => iso(ms).slice(0, 10);
  return { fileName: `perkdesk-${report}-${day(from)}-${day(to)}.csv`, csv };
}

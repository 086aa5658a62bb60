import type { ReadDb } from '../db/open-database';
import type { SummaryReportDto } from '../../../shared/contract/reports';
import { liabilityNow } from './liability';
import { pointsByKind, purchaseTotals, refundTotals } from '../points/report-queries';
import { sub, sum, sumBy, ZERO_POINTS, type Points } from '../../../shared/units';

/**
 * Ledger kinds grouped the way a manager reads them:
 * - issued: earned on purchases;
 * - redeemed: spent on rewards and on bills, net of voided redemptions and of points
 *   given back when a bill paid with points was refunded;
 * - expired: lots that ran out;
 * - adjusted: manager adjustments and clears (signed: + gives, − takes);
 * - clawedBack: points taken back by refunds of purchases that had earned them.
 */
const REDEEMED = ['redeem', 'redeem_void', 'pay', 'refund_return'];

export function summaryReport(db: ReadDb, from: number, to: number, now: number): SummaryReportDto {
  const p = purchaseTotals(db, from, to);
  const r = refundTotals(db, from, to);
  const byKind = pointsByKind(db, from, to);
  const of = (kinds: string[]): Points => sumBy(kinds, (k) => byKind.get(k) ?? ZERO_POINTS);
  const net = sum([...byKind.values()]);
  return {
    from,
    to,
    purchases: { count: p.count, grossMinor: p.gross, pointsDiscountMinor: p.discount, paidMinor: p.paid },
    refunds: { count: r.count, amountMinor: r.amount },
    netSpendMinor: sub(p.paid, r.amount),
    points: {
      issued: of(['earn']),
      redeemed: 0 - of(REDEEMED),
      expired: 0 - of(['expire']),
      adjusted: of(['adjust', 'clear']),
      clawedBack: 0 - of(['refund_clawback']),
      net,
    },
    liability: liabilityNow(db, now),
  };
}

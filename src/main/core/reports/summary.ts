import type { ReadDb } from '../db/open-database';
import type { SummaryReportDto } from '../../../shared/contract/reports';
import { liabilityNow } from './liability';
import { pointsByKind, purchaseTotals, refundTotals } from '../points/report-queries';

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
  const sum = (kinds: string[]) => kinds.reduce((s, k) => s + (byKind.get(k) ?? 0), 0);
  const net = [...byKind.values()].reduce((s, v) => s + v, 0);
  return {
    from,
    to,
    purchases: { count: p.count, grossMinor: p.gross, pointsDiscountMinor: p.discount, paidMinor: p.paid },
    refunds: { count: r.count, amountMinor: r.amount },
    netSpendMinor: p.paid - r.amount,
    points: {
      issued: sum(['earn']),
      redeemed: 0 - sum(REDEEMED),
      expired: 0 - sum(['expire']),
      adjusted: sum(['adjust', 'clear']),
      clawedBack: 0 - sum(['refund_clawback']),
      net,
    },
    liability: liabilityNow(db, now),
  };
}

import type { MemberDataSection } from '../area';
import { readSettings } from '../settings/settings-store';
import { parseFacts } from '../../../shared/explain/facts';
import { explainerFor } from '../../../shared/explain/format-explanation';

/**
 * The points area's part of a member's subject-access export: balance, every ledger
 * entry, purchases with lines (redemptions are the rewards area's section). Staff ids
 * are left out (they identify staff, not the member); everything about the member is in.
 * Each entry and purchase carries its facts and their explanation in the store's
 * language (the member reads it).
 */
export const pointsMemberData: MemberDataSection = (db, memberId) => {
  const settings = readSettings(db);
  const explain = explainerFor({
    locale: settings.locale,
    currency: settings.currency,
    minorUnits: settings.currencyMinorUnits,
    // Expiry dates are days in the store's zone ('' = this machine's).
    ...(settings.timeZone ? { timeZone: settings.timeZone } : {}),
  });
  const withExplanation = <R extends { facts: string }>(row: R) => {
    const facts = parseFacts(row.facts);
    return { ...row, facts, explanation: explain(facts) };
  };
  return {
    balance:
      (
        db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').get(memberId) as
          { balance: number } | undefined
      )?.balance ?? 0,
    ledger: (
      db
        .prepare(
          `SELECT id, kind, points, balance_after AS balanceAfter, reason, facts, created_at AS createdAt
             FROM points_ledger WHERE member_id = ? ORDER BY seq`,
        )
        .all(memberId) as { facts: string }[]
    ).map(withExplanation),
    purchases: (
      db
        .prepare(
          `SELECT id, receipt_no AS receiptNo, total_minor AS totalMinor, discount_minor AS discountMinor,
                  paid_minor AS paidMinor, points_used AS pointsUsed, points_earned AS pointsEarned,
                  facts, created_at AS createdAt
             FROM points_purchases WHERE member_id = ? ORDER BY created_at`,
        )
        .all(memberId) as { id: string; facts: string }[]
    ).map((p) => ({
      ...withExplanation(p),
      lines: db.prepare('SELECT * FROM points_purchase_lines WHERE purchase_id = ?').all(p.id),
    })),
  };
};

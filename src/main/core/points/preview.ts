import type { ReadContext } from '../context';
import type { RulePreviewDto, RuleSet } from '../../../shared/contract/points';
import { computeEarn } from './earn-calc';
import { purchaseLines, type PurchaseRow } from './refund';
import { memberTier } from './tiers';
import { codeKeysOfPurchase } from './promo-codes';
import { facts, type EarnFacts } from '../../../shared/explain/facts';
import { sub } from '../../../shared/units';

/**
 * What-if: re-prices the last N purchases under proposed rules — each at its own time
 * (promotion dates and weekdays, the member's tier as it then stood under the proposed
 * thresholds), with the amounts actually paid — next to what they did earn. Read-only.
 */
export function previewRules(ctx: ReadContext, rules: RuleSet, lastN: number): RulePreviewDto {
  const purchases = ctx.db
    .prepare('SELECT * FROM points_purchases ORDER BY id DESC LIMIT ?')
    .all(lastN) as PurchaseRow[];
  const rows = purchases.map((p) => {
    const lines = purchaseLines(ctx, p.id).map((l) => ({
      sku: l.sku,
      category: l.category,
      tags: l.tags === null ? [] : (JSON.parse(l.tags) as string[]),
      // What was paid: after the bill reward's discount and the points payment, as awarded.
      amountMinor: sub(sub(l.amount_minor, l.reward_discount_minor), l.discount_minor),
      quantity: l.quantity,
    }));
    // The tier as it stood just before this purchase, plus the purchase when the proposed
    // rules count a purchase towards its own tier.
    const { tier } = memberTier(ctx.db, rules, p.member_id, p.created_at - 1, p.paid_minor);
    // A purchase that used a promo code is re-priced with it (a code-only promotion applies to it).
    const earn = computeEarn(rules, tier, p.created_at, lines, { codeKeys: codeKeysOfPurchase(ctx.db, p.id) });
    return {
      purchaseId: p.id,
      receiptNo: p.receipt_no,
      memberId: p.member_id,
      createdAt: p.created_at,
      paidMinor: p.paid_minor,
      actualPoints: p.points_earned,
      actualRuleVersion: p.rule_version,
      proposedPoints: earn.total,
      proposedFacts: facts<EarnFacts>({ ...earn.facts, ruleVersion: null }),
    };
  });
  const actualPoints = rows.reduce((a, r) => a + r.actualPoints, 0);
  const proposedPoints = rows.reduce((a, r) => a + r.proposedPoints, 0);
  return {
    rows,
    totals: { purchases: rows.length, actualPoints, proposedPoints, difference: proposedPoints - actualPoints },
  };
}

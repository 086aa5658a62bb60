import type { ReadContext } from '../context';
import type { MemberPointsDto, PayQuoteDto, PurchaseDto, PurchaseSummaryDto } from '../../../shared/contract/points';
import { dueNow, expiringWithin } from './expiry';
import { balanceOf } from './ledger';
import { requireMember } from './member-access';
import { findPurchase, purchaseLines, refundRowsOf, type PurchaseRow } from './refund';
import { ruleSetAt } from './rules-repo';
import { chainSpendable } from '../sync/spendable';
import { inChainMode } from '../sync/state';
import { stmt } from '../db/statements';
import { nextTierOf, tierStanding } from './tier-policy';
import { storeTimeZone } from './env';
import { payLimits } from './award';
import { billRedemptionOf } from '../rewards/redeem';
import { parseFacts, type EarnFacts, type LegacyFacts } from '../../../shared/explain/facts';
import { sub, unchecked, ZERO_POINTS, type Minor } from '../../../shared/units';

/** What the member view shows beside the actions. */
export function memberSummary(ctx: ReadContext<'memberNotFound'>, memberId: string): MemberPointsDto {
  requireMember(ctx, memberId);
  const now = ctx.now();
  const { rules } = ruleSetAt(ctx.db, now);
  // The counter's tier (downgrade policy and basis included) and what the next one needs.
  const standing = tierStanding(ctx.db, rules, memberId, now, { timeZone: storeTimeZone(ctx) });
  const tier = standing.tier;
  return {
    memberId,
    balance: balanceOf(ctx.db, memberId),
    tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
    rollingSpendMinor: standing.spend,
    // Chain mode: the part of it spent at other stores, as head office last sent it.
    chainSpendMinor: inChainMode(ctx.db) ? standing.chainSpend : null,
    nextTier: nextTierOf(rules, standing),
    expiringSoon: expiringWithin(ctx.db, memberId, now, 30),
  };
}

export function payQuote(ctx: ReadContext<'memberNotFound'>, memberId: string, totalMinor: Minor): PayQuoteDto {
  requireMember(ctx, memberId);
  const { rules } = ruleSetAt(ctx.db, ctx.now());
  const balance = balanceOf(ctx.db, memberId);
  // What a spend could really draw on: due points expire first, and below the rules'
  // minimum balance nothing may be spent (spend.ts).
  // Chain mode: the chain balance this terminal knows instead (head office decides the spend).
  const chain = chainSpendable(ctx.db, memberId, ctx.now());
  const spendable = chain === null ? sub(balance, dueNow(ctx.db, memberId, ctx.now())) : unchecked.points(chain);
  const limits = payLimits(rules, totalMinor, spendable >= (rules.minBalanceToSpend ?? 0) ? spendable : ZERO_POINTS);
  return {
    allowed: rules.payWithPointsAllowed,
    balance: chain === null ? balance : unchecked.points(chain),
    maxPoints: limits.maxPoints,
    maxDiscountMinor: limits.maxDiscountMinor,
    redeemValue: rules.redeemValue,
    pinRequired: rules.redeemRequiresPin,
  };
}

function summaryOf(p: PurchaseRow, fullyReturned: boolean): PurchaseSummaryDto {
  return {
    purchaseId: p.id,
    receiptNo: p.receipt_no,
    totalMinor: p.total_minor,
    paidMinor: p.paid_minor,
    pointsEarned: p.points_earned,
    pointsUsed: p.points_used,
    fullyReturned,
    createdAt: p.created_at,
  };
}

export function getPurchase(ctx: ReadContext<'receiptNotFound'>, receiptNo: string): PurchaseDto {
  const p = findPurchase(ctx, receiptNo);
  const lines = purchaseLines(ctx, p.id);
  const balance = balanceOf(ctx.db, p.member_id);
  const fullyReturned = lines.every((l) => l.returned_quantity === l.quantity);
  return {
    ...summaryOf(p, fullyReturned),
    memberId: p.member_id,
    discountMinor: p.discount_minor,
    rewardDiscountMinor: p.reward_discount_minor,
    redemption: redemptionOf(ctx, p.id),
    ruleVersion: p.rule_version,
    tierName: p.tier_name,
    facts: parseFacts(p.facts) as EarnFacts | LegacyFacts,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      unitPriceMinor: l.unit_price_minor,
      amountMinor: l.amount_minor,
      discountMinor: l.discount_minor,
      rewardDiscountMinor: l.reward_discount_minor,
      pointsEarned: l.points_earned,
      pointsUsed: l.points_used,
      returnedQuantity: l.returned_quantity,
    })),
    refunds: refundRowsOf(ctx, p.id, balance),
  };
}

function redemptionOf(ctx: Pick<ReadContext, 'db'>, purchaseId: string): PurchaseDto['redemption'] {
  const r = billRedemptionOf(ctx.db, purchaseId);
  return r ? { id: r.id, rewardId: r.rewardId, rewardName: r.rewardName, kind: r.kind, points: r.points } : null;
}

export function listPurchases(
  ctx: ReadContext<'memberNotFound'>,
  memberId: string,
  limit: number,
): PurchaseSummaryDto[] {
  requireMember(ctx, memberId);
  const rows = stmt(
    ctx.db,
    `SELECT p.*, NOT EXISTS (SELECT 1 FROM points_purchase_lines l
                             WHERE l.purchase_id = p.id AND l.returned_quantity < l.quantity) AS fully_returned
       FROM points_purchases p WHERE p.member_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ?`,
  ).all(memberId, limit) as (PurchaseRow & { fully_returned: number })[];
  return rows.map((r) => summaryOf(r, r.fully_returned === 1));
}

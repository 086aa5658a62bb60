import type { HandlerContext } from '../context';
import { receiptKey } from '../../../shared/receipt-no';
import type { RefusalOf } from '../../../shared/contract';
import type { AwardResultDto, ParsedAwardInput } from './types';
import { allocate } from './exact-math';
import { computeEarn } from './earn-calc';
import { MAX_AWARD_POINTS, MAX_PURCHASE_MINOR, ledgerEnv, storeTimeZone } from './env';
import { lotExpiry } from './expiry-policy';
import { prepareSpend } from './spend';
import { applyEntry, balanceOf } from './ledger';
import { authoriseSpend, requireActiveMember, requireNotProvisional } from './member-access';
import { ruleSetAt } from './rules-repo';
import { stmt } from '../db/statements';
import { checkChainSpend, type SpendCheck } from '../sync/chain-spend';
import { memberTier } from './tiers';
import { purchaseBonuses } from './bonuses';
import { newId } from '../ids';
import { quoteBillReward, recordBillRedemption, spendBillReward, type BillRewardQuote } from '../rewards/redeem';
import { checkPromoCode, recordCodeUse } from './promo-codes';
import { progressGoals } from './goals';
import { markVoucherUsed, quoteVoucher, voucherFacts } from './voucher-on-bill';
import type { RuleSet } from '../../../shared/contract/points';
import { facts, type EarnFacts, type PayFacts } from '../../../shared/explain/facts';
import { minorToDecimal } from '../../../shared/decimal';
import {
  max,
  min,
  neg,
  sub,
  sumBy,
  unchecked,
  ZERO_MINOR,
  ZERO_POINTS,
  type Minor,
  type Points,
} from '../../../shared/units';

interface Line {
  lineNo: number;
  sku: string | null;
  category: string | null;
  /** Labels besides the category (not stored: README "Labels"). */
  tags: readonly string[];
  quantity: number;
  unitPriceMinor: Minor;
  amountMinor: Minor;
}

function linesOf(input: ParsedAwardInput): Line[] {
  if (input.lines) {
    return input.lines.map((l, i) => ({
      lineNo: i + 1,
      sku: l.sku ?? null,
      category: l.category ?? null,
      tags: l.tags ?? [],
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      // quantity ≤ 10^4 and price ≤ 10^11: the product can pass 2^53, so multiply exactly.
      amountMinor: unchecked.minor(Number(BigInt(l.quantity) * BigInt(l.unitPriceMinor))),
    }));
  }
  const total = input.totalMinor!;
  return [{ lineNo: 1, sku: null, category: null, tags: [], quantity: 1, unitPriceMinor: total, amountMinor: total }];
}

/** Most points usable on a bill: by the cap (percent of the bill), the bill itself and the balance. */
export function payLimits(
  rules: RuleSet,
  totalMinor: Minor,
  balance: Points,
): { maxPoints: Points; maxDiscountMinor: Minor } {
  const { minor, perPoints } = rules.redeemValue;
  const maxDiscountByCap = Number((BigInt(totalMinor) * BigInt(rules.payWithPointsMaxPercent)) / 100n);
  // P points are worth floor(P × minor / perPoints); the most points whose value fits the cap:
  const maxPointsByCap = unchecked.points(Number((BigInt(maxDiscountByCap) * BigInt(perPoints)) / BigInt(minor)));
  const maxPoints = rules.payWithPointsAllowed ? max(ZERO_POINTS, min(maxPointsByCap, balance)) : ZERO_POINTS;
  return { maxPoints, maxDiscountMinor: discountFor(rules, maxPoints) };
}

/** What `points` pay off a bill: floor(points × redeemValue.minor / redeemValue.perPoints). */
export function discountFor(rules: RuleSet, points: Points): Minor {
  return unchecked.minor(
    Number((BigInt(points) * BigInt(rules.redeemValue.minor)) / BigInt(rules.redeemValue.perPoints)),
  );
}

/**
 * Records a purchase and awards its points, all in the dispatcher's transaction:
 * checks (member, receipt, points payment) first, then one pay entry (if points paid
 * part of the bill) and one earn entry, the purchase and its lines.
 */
export function recordPurchase(
  ctx: HandlerContext<RefusalOf<'points:award'>>,
  input: ParsedAwardInput,
): AwardResultDto {
  const { db } = ctx;
  const env = ledgerEnv(ctx, input.opId);
  const now = env.now;
  requireActiveMember(ctx, input.memberId);
  // A provisional card (head office unreachable) earns; it spends nothing until matched.
  const spends = (input.pointsToUse ?? 0) > 0 || input.rewardId !== undefined || input.voucherId !== undefined;
  if (spends) requireNotProvisional(ctx, input.memberId);
  const lines = linesOf(input);
  const total = sumBy(lines, (l) => l.amountMinor);
  if (!Number.isSafeInteger(total) || total > MAX_PURCHASE_MINOR) {
    // The limit as a plain decimal ("1000000000.00"): the refusal's text names it (issue 9 item 14).
    const maxAmount = minorToDecimal(MAX_PURCHASE_MINOR, ctx.settings().currencyMinorUnits);
    throw ctx.refuse('purchaseTooLarge', { field: 'lines', max: MAX_PURCHASE_MINOR, maxAmount });
  }
  if (total <= 0) throw ctx.refuse('purchaseNotPositive', { field: 'lines' });
  // Unique by its key: " r-1001", "Ｒ-1001" and "R‐1001" are the receipt "R-1001" (receipt-no.ts).
  if (stmt(db, 'SELECT 1 FROM points_purchases WHERE receipt_key = ?').get(receiptKey(input.receiptNo))) {
    throw ctx.refuse('duplicateReceipt', { field: 'receiptNo' });
  }
  const ruleSet = ruleSetAt(db, now);
  const rules = ruleSet.rules;

  // A bill reward (issue 11 item 2): priced on the lines, its discount comes off first.
  const bill = input.rewardId !== undefined ? quoteBillReward(ctx, input.rewardId, lines, now) : null;
  // Or a goal's voucher (voucher-on-bill.ts): priced the same way, no points spent.
  const voucher = input.voucherId !== undefined ? quoteVoucher(ctx, input.memberId, input.voucherId, lines, now) : null;
  const rewardDiscount = bill?.discountMinor ?? voucher?.discountMinor ?? ZERO_MINOR;
  const rewardCost = bill?.reward.cost_points ?? ZERO_POINTS;
  const lineRewardDiscounts = bill?.perLine ?? voucher?.perLine ?? lines.map(() => ZERO_MINOR);
  const afterReward = sub(total, rewardDiscount);

  // Paying with points: allowed, authorised, affordable, within the cap.
  const pointsUsed = input.pointsToUse ?? ZERO_POINTS;
  let discount = ZERO_MINOR;
  if (pointsUsed > 0 && !rules.payWithPointsAllowed) {
    throw ctx.refuse('payWithPointsOff', { field: 'pointsToUse' });
  }
  // One authorisation and one spending-rule check for everything this purchase spends.
  // Chain mode: head office (or the offline allowance) decides whether the balance covers
  // all of it (the reward and the points paid, one decision).
  let chain: SpendCheck | null = null;
  const spendBalance =
    pointsUsed > 0 || bill
      ? (authoriseSpend(ctx, input.memberId, rules.redeemRequiresPin, input.pin),
        (chain = checkChainSpend(ctx, input.memberId, rewardCost + pointsUsed, {
          minBalance: rules.minBalanceToSpend ?? 0,
        })),
        prepareSpend(ctx, env, rules, input.memberId, chain?.balance))
      : ZERO_POINTS;
  if (!chain && bill && spendBalance < rewardCost) {
    throw ctx.refuse(
      'insufficientPoints',
      { field: 'rewardId', balance: spendBalance, cost: rewardCost },
      { message: `Not enough points: ${spendBalance} of ${rewardCost}` },
    );
  }
  if (pointsUsed > 0) {
    // The reward's points are spent first: paying draws on what is left.
    const balance = sub(spendBalance, rewardCost);
    if (!chain && pointsUsed > balance) {
      throw ctx.refuse('insufficientPoints', { field: 'pointsToUse', balance });
    }
    const { maxPoints } = payLimits(rules, afterReward, balance);
    if (pointsUsed > maxPoints) {
      throw ctx.refuse(
        'overPayCap',
        { field: 'pointsToUse', maxPoints },
        { message: `At most ${maxPoints} points can pay this bill` },
      );
    }
    discount = discountFor(rules, pointsUsed);
    if (discount === 0) {
      throw ctx.refuse('noDiscount', { field: 'pointsToUse' });
    }
  }

  // Points pay a share of what each line still costs after the reward.
  const amounts = lines.map((l, i) => sub(l.amountMinor, lineRewardDiscounts[i]));
  const lineDiscounts = allocate(discount, amounts);
  const linePointsUsed = allocate(pointsUsed, amounts);
  const { tier } = memberTier(db, rules, input.memberId, now, sub(afterReward, discount));
  // A promo code is checked before anything is written (promo-codes.ts); its use is recorded below.
  const code = input.promoCode === undefined ? null : checkPromoCode(ctx, rules, input.promoCode, now);
  const earn = computeEarn(
    rules,
    tier,
    now,
    lines.map((l, i) => ({
      sku: l.sku,
      category: l.category,
      tags: l.tags,
      // Earned on what is paid: after the reward's discount and the points payment.
      amountMinor: sub(sub(l.amountMinor, lineRewardDiscounts[i]), lineDiscounts[i]),
      quantity: l.quantity,
    })),
    code ? { codeKeys: new Set([code.promoProgramme]) } : {},
  );
  if (earn.total > MAX_AWARD_POINTS) {
    throw ctx.refuse('awardTooLarge', { points: earn.total });
  }
  const expiresAt = lotExpiry(rules, now, storeTimeZone(ctx));
  // One set of facts for the purchase and its earn entry: the receipt travels with it.
  const earnFacts = facts<EarnFacts>({
    ...earn.facts,
    ruleVersion: ruleSet.version,
    // A date-based expiry (rules.expiry) is a day worth saying; see expiry-policy.ts.
    ...(rules.expiry && expiresAt !== null && earn.total > 0 ? { expiresAt } : {}),
    receiptNo: input.receiptNo,
    ...(bill ? { billReward: billRewardFacts(bill, total) } : {}),
    ...(voucher ? { billReward: voucherFacts(voucher, total) } : {}),
    ...(pointsUsed > 0 ? { payment: { totalMinor: afterReward, discountMinor: discount, pointsUsed } } : {}),
    // The history and the audit say "from scan" (the key order is the schema's: receipt last).
    ...(input.scanned ? { scanned: input.scanned } : {}),
  });
  const earnJson = JSON.stringify(earnFacts);

  const purchaseId = newId();
  let payEntryId: string | null = null;
  let earnEntryId: string | null = null;
  let earnLotId: number | null = null;
  let balance = balanceOf(db, input.memberId);
  const spentReward = bill
    ? spendBillReward(ctx, env, bill, { memberId: input.memberId, receiptNo: input.receiptNo })
    : null;
  if (spentReward) {
    balance = spentReward.balanceAfter;
    chain?.entry(spentReward.entryId);
  }
  if (pointsUsed > 0) {
    const paid = applyEntry(env, {
      memberId: input.memberId,
      kind: 'pay',
      points: neg(pointsUsed),
      facts: facts<PayFacts>({
        kind: 'pay',
        ruleVersion: ruleSet.version,
        receiptNo: input.receiptNo,
        totalMinor: afterReward,
        discountMinor: discount,
        pointsUsed,
        redeemValue: rules.redeemValue,
      }),
      ruleVersion: ruleSet.version,
      refId: purchaseId,
    });
    payEntryId = paid.id;
    chain?.entry(paid.id);
    balance = paid.balanceAfter;
  }
  if (earn.total > 0) {
    const earned = applyEntry(env, {
      memberId: input.memberId,
      kind: 'earn',
      points: earn.total,
      facts: earnFacts,
      ruleVersion: ruleSet.version,
      refId: purchaseId,
      lots: [{ points: earn.total, earnedAt: now, expiresAt }],
    });
    earnEntryId = earned.id;
    earnLotId = earned.lotIds[0] ?? null;
    balance = earned.balanceAfter;
  }
  stmt(
    db,
    `INSERT INTO points_purchases (id, receipt_no, receipt_key, member_id, op_id, terminal_id, staff_id, total_minor,
       discount_minor, paid_minor, points_used, points_earned, rule_version, tier_name, facts, earn_entry_id,
       earn_lot_id, pay_entry_id, created_at, reward_discount_minor, redemption_id)
     VALUES (@id, @receipt_no, @receipt_key, @member_id, @op_id, @terminal_id, @staff_id, @total_minor, @discount_minor,
       @paid_minor, @points_used, @points_earned, @rule_version, @tier_name, @facts, @earn_entry_id,
       @earn_lot_id, @pay_entry_id, @created_at, @reward_discount_minor, @redemption_id)`,
  ).run({
    id: purchaseId,
    receipt_no: input.receiptNo,
    receipt_key: receiptKey(input.receiptNo),
    member_id: input.memberId,
    op_id: input.opId,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    total_minor: total,
    discount_minor: discount,
    paid_minor: sub(afterReward, discount),
    points_used: pointsUsed,
    points_earned: earn.total,
    rule_version: ruleSet.version,
    tier_name: tier?.name ?? null,
    facts: earnJson,
    earn_entry_id: earnEntryId,
    earn_lot_id: earnLotId,
    pay_entry_id: payEntryId,
    created_at: now,
    reward_discount_minor: rewardDiscount,
    redemption_id: spentReward?.redemptionId ?? null,
  });
  if (bill && spentReward) {
    recordBillRedemption(db, env, bill, {
      redemptionId: spentReward.redemptionId,
      entryId: spentReward.entryId,
      memberId: input.memberId,
      purchaseId,
      opId: input.opId,
    });
  }
  if (voucher) markVoucherUsed(env, voucher, input.receiptNo);
  const insertLine = stmt(
    db,
    `INSERT INTO points_purchase_lines (purchase_id, line_no, sku, category, quantity, unit_price_minor, amount_minor,
       discount_minor, points_earned, points_used, reward_discount_minor, tags)
     VALUES (@purchase_id, @line_no, @sku, @category, @quantity, @unit_price_minor, @amount_minor,
       @discount_minor, @points_earned, @points_used, @reward_discount_minor, @tags)`,
  );
  lines.forEach((l, i) =>
    insertLine.run({
      purchase_id: purchaseId,
      line_no: l.lineNo,
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      unit_price_minor: l.unitPriceMinor,
      amount_minor: l.amountMinor,
      discount_minor: lineDiscounts[i],
      points_earned: earn.perLine[i],
      points_used: linePointsUsed[i],
      reward_discount_minor: lineRewardDiscounts[i],
      // Kept so the what-if preview re-prices the line with its tags (migration 017).
      tags: l.tags.length > 0 ? JSON.stringify(l.tags) : null,
    }),
  );
  if (code) recordCodeUse(db, code, purchaseId, input.memberId, input.opId, now);
  const goals = progressGoals(
    env,
    rules,
    ruleSet.version,
    input.memberId,
    purchaseId,
    input.receiptNo,
    lines.map((l, i) => ({ ...l, paidMinor: sub(sub(l.amountMinor, lineRewardDiscounts[i]), lineDiscounts[i]) })),
  );
  // Programme bonuses this purchase triggers (birthday, referral): entries of their own.
  balance = purchaseBonuses(env, ruleSet, storeTimeZone(ctx), {
    memberId: input.memberId,
    paidMinor: sub(afterReward, discount),
    receiptNo: input.receiptNo,
    balance,
  });
  return {
    purchaseId,
    receiptNo: input.receiptNo,
    memberId: input.memberId,
    totalMinor: total,
    discountMinor: discount,
    rewardDiscountMinor: rewardDiscount,
    paidMinor: sub(afterReward, discount),
    pointsUsed,
    pointsEarned: earn.total,
    ruleVersion: ruleSet.version,
    tierName: tier?.name ?? null,
    facts: earnFacts,
    redemption:
      bill && spentReward
        ? {
            id: spentReward.redemptionId,
            rewardId: bill.reward.id,
            rewardName: bill.reward.name,
            kind: bill.reward.kind,
            points: bill.reward.cost_points,
          }
        : null,
    // Chain mode, points spent: the chain balance (the local ledger holds only this store's part).
    balance: chain ? unchecked.points(chain.shownAfter(balance) + earn.total) : balance,
    createdAt: now,
    ...(code ? { promoCode: code.display } : {}),
    ...(voucher
      ? { voucher: { id: voucher.voucher.id, name: voucher.voucher.name, goalKey: voucher.voucher.goal_key } }
      : {}),
    ...(goals.length > 0 ? { goals } : {}),
  };
}

/** The bill reward's part of the award's facts: its terms and what it took off. */
function billRewardFacts(bill: BillRewardQuote, total: Minor): NonNullable<EarnFacts['billReward']> {
  const r = bill.reward;
  return {
    name: r.name,
    kind: r.kind as NonNullable<EarnFacts['billReward']>['kind'],
    points: r.cost_points,
    totalMinor: total,
    discountMinor: bill.discountMinor,
    ...(r.kind === 'discount' && r.discount_minor !== null ? { valueMinor: r.discount_minor } : {}),
    ...(r.percent_bp !== null ? { percentBp: r.percent_bp } : {}),
    ...(r.max_discount_minor !== null ? { maxMinor: r.max_discount_minor } : {}),
    ...(r.kind === 'freeProduct' && r.product_sku !== null ? { sku: r.product_sku, units: bill.freeUnits } : {}),
  };
}

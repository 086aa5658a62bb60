import type { HandlerContext, ReadContext, Refuser } from '../context';
import type { Db, ReadDb } from '../db/open-database';
import type { RedemptionDto } from '../../../shared/contract/rewards';
import type { RefusalOf } from '../../../shared/contract';
import { newId, randomCode } from '../ids';
import { ledgerEnv } from '../points/env';
import { applyEntry, balanceOf, lotsUsedBy } from '../points/ledger';
import { prepareSpend } from '../points/spend';
import { authoriseSpend, requireActiveMember, requireMember, requireNotProvisional } from '../points/member-access';
import { ruleSetAt } from '../points/rules-repo';
import { stmt } from '../db/statements';
import { checkChainSpend } from '../sync/chain-spend';
import { billTermsOf, isAvailable, loadReward, type RewardRow } from './catalogue';
import { billDiscount, isBillReward, type BillLine } from '../../../shared/rewards/bill-discount';
import type { LedgerEnv } from '../points/ledger';
import { receiptNoOfPurchase } from '../points/receipt-of';
import { facts, type RedeemFacts, type RedeemVoidFacts } from '../../../shared/explain/facts';
import { neg, sub, sumBy, unchecked, type Minor, type Points } from '../../../shared/units';

interface RedemptionRow {
  id: string;
  member_id: string;
  reward_id: string;
  reward_name: string;
  kind: RedemptionDto['kind'];
  points: Points;
  coupon_code: string | null;
  discount_minor: Minor | null;
  status: RedemptionDto['status'];
  purchase_id: string | null;
  receipt_no: string | null;
  points_returned: Points;
  discount_returned_minor: Minor;
  void_reason: string | null;
  entry_id: string;
  created_at: number;
  voided_at: number | null;
}

function toDto(r: RedemptionRow, balance: Points): RedemptionDto {
  return {
    id: r.id,
    memberId: r.member_id,
    rewardId: r.reward_id,
    rewardName: r.reward_name,
    kind: r.kind,
    points: r.points,
    couponCode: r.coupon_code,
    discountMinor: r.discount_minor,
    status: r.status,
    receiptNo: r.receipt_no,
    pointsReturned: r.points_returned,
    voidReason: r.void_reason,
    createdAt: r.created_at,
    voidedAt: r.voided_at,
    balance,
  };
}

/** A redemption with its receipt number (bill rewards, migration 013; the points area owns purchases). */
function withReceipt(db: ReadDb, r: RedemptionRow | undefined): RedemptionRow | undefined {
  if (!r) return r;
  return { ...r, receipt_no: r.purchase_id === null ? null : receiptNoOfPurchase(db, r.purchase_id) };
}

function findRedemption(db: ReadDb, id: string): RedemptionRow | undefined {
  return withReceipt(
    db,
    stmt(db, 'SELECT * FROM reward_redemptions WHERE id = ?').get(id) as RedemptionRow | undefined,
  );
}

/** Who made a redemption (the approval rule for voids reads it; null for imported history). */
export function redeemedBy(db: ReadDb, id: string): string | null {
  return (stmt(db, 'SELECT staff_id FROM reward_redemptions WHERE id = ?').pluck().get(id) as string | null) ?? null;
}

function loadRedemption(ctx: Refuser<'redemptionNotFound'>, id: string): RedemptionRow {
  const row = findRedemption(ctx.db, id);
  if (!row) throw ctx.refuse('redemptionNotFound', { field: 'redemptionId', redemptionId: id });
  return row;
}

/** A coupon code no other redemption has: random, retried on the (unlikely) collision. */
function uniqueCouponCode(db: Db): string {
  for (;;) {
    const code = randomCode(3, 4);
    if (!stmt(db, 'SELECT 1 FROM reward_redemptions WHERE coupon_code = ?').get(code)) return code;
  }
}

/**
 * Redeems one unit. Inside the write transaction: the reward is available, the member
 * may spend (PIN if the rules say so), the balance covers the cost, and the stock is
 * taken with a guarded UPDATE — so two terminals racing for the last unit cannot both win.
 */
export function redeemReward(
  ctx: HandlerContext<RefusalOf<'rewards:redeem'>>,
  input: { opId: string; memberId: string; rewardId: string; pin?: string },
): RedemptionDto {
  const { db } = ctx;
  const env = ledgerEnv(ctx, input.opId);
  requireActiveMember(ctx, input.memberId);
  requireNotProvisional(ctx, input.memberId);
  const reward = loadReward(ctx, input.rewardId);
  if (isBillReward(reward.kind)) {
    throw ctx.refuse('billRewardOnPurchase', { field: 'rewardId', kind: reward.kind });
  }
  if (reward.stock !== null && reward.stock <= 0) throw ctx.refuse('outOfStock', { field: 'rewardId' });
  if (!isAvailable(reward, env.now)) throw ctx.refuse('notAvailable', { field: 'rewardId' });
  const rules = ruleSetAt(db, env.now).rules;
  authoriseSpend(ctx, input.memberId, rules.redeemRequiresPin, input.pin);
  // Chain mode: head office (or the offline allowance) decides whether the balance covers it.
  const chain = checkChainSpend(ctx, input.memberId, reward.cost_points, {
    minBalance: rules.minBalanceToSpend ?? 0,
  });
  const balance = prepareSpend(ctx, env, rules, input.memberId, chain?.balance);
  if (!chain && balance < reward.cost_points) {
    throw ctx.refuse(
      'insufficientPoints',
      { balance, cost: reward.cost_points },
      { message: `Not enough points: ${balance} of ${reward.cost_points}` },
    );
  }
  if (reward.stock !== null) {
    const taken = stmt(db, 'UPDATE rewards SET stock = stock - 1 WHERE id = ? AND stock > 0').run(reward.id);
    if (taken.changes !== 1) throw ctx.refuse('outOfStock', { field: 'rewardId' });
  }
  const id = newId();
  const couponCode = reward.kind === 'coupon' ? uniqueCouponCode(db) : null;
  const entry = applyEntry(env, {
    memberId: input.memberId,
    kind: 'redeem',
    points: neg(reward.cost_points),
    facts: facts<RedeemFacts>({
      kind: 'redeem',
      reward: { id: reward.id, name: reward.name, kind: reward.kind },
      ...(couponCode ? { couponCode } : {}),
      ...(reward.discount_minor !== null ? { discountMinor: reward.discount_minor } : {}),
      points: reward.cost_points,
    }),
    refId: id,
  });
  chain?.entry(entry.id);
  stmt(
    db,
    `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code,
       discount_minor, status, entry_id, terminal_id, staff_id, created_at)
     VALUES (@id, @op_id, @member_id, @reward_id, @reward_name, @kind, @points, @coupon_code,
       @discount_minor, 'active', @entry_id, @terminal_id, @staff_id, @created_at)`,
  ).run({
    id,
    op_id: input.opId,
    member_id: input.memberId,
    reward_id: reward.id,
    reward_name: reward.name,
    kind: reward.kind,
    points: reward.cost_points,
    coupon_code: couponCode,
    discount_minor: reward.discount_minor,
    entry_id: entry.id,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    created_at: env.now,
  });
  return toDto(findRedemption(db, id)!, unchecked.points(chain?.shownAfter(entry.balanceAfter) ?? entry.balanceAfter));
}

/** Gives the points back (with the expiry dates they had) and the unit back to stock. */
export function voidRedemption(
  ctx: HandlerContext<'redemptionNotFound' | 'memberNotFound' | 'alreadyVoided' | 'linkedToReceipt'>,
  input: { opId: string; redemptionId: string; reason: string },
): RedemptionDto {
  const { db } = ctx;
  const env = ledgerEnv(ctx, input.opId);
  const r = loadRedemption(ctx, input.redemptionId);
  requireMember(ctx, r.member_id);
  if (r.status === 'voided') throw ctx.refuse('alreadyVoided');
  // Its discount is on a receipt: only refunding that receipt reverses it (by the policy).
  if (r.purchase_id !== null) throw ctx.refuse('linkedToReceipt', { receiptNo: r.receipt_no });
  const lots = lotsUsedBy(db, r.entry_id);
  const covered = sumBy(lots, (l) => l.points);
  if (covered < r.points) lots.push({ points: sub(r.points, covered), earnedAt: env.now, expiresAt: null });
  const entry = applyEntry(env, {
    memberId: r.member_id,
    kind: 'redeem_void',
    points: r.points,
    reason: input.reason,
    facts: facts<RedeemVoidFacts>({
      kind: 'redeemVoid',
      reward: { id: r.reward_id, name: r.reward_name, kind: r.kind },
      points: r.points,
      reason: input.reason,
    }),
    refId: r.id,
    lots,
  });
  stmt(db, 'UPDATE rewards SET stock = stock + 1 WHERE id = ? AND stock IS NOT NULL').run(r.reward_id);
  stmt(
    db,
    `UPDATE reward_redemptions SET status = 'voided', void_reason = ?, void_entry_id = ?, voided_by = ?, voided_at = ?
     WHERE id = ?`,
  ).run(input.reason, entry.id, env.staffId, env.now, r.id);
  return toDto(findRedemption(db, r.id)!, entry.balanceAfter);
}

export function listRedemptions(ctx: ReadContext<'memberNotFound'>, memberId: string, limit: number): RedemptionDto[] {
  requireMember(ctx, memberId);
  const balance = balanceOf(ctx.db, memberId);
  const rows = stmt(
    ctx.db,
    'SELECT * FROM reward_redemptions WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  ).all(memberId, limit) as RedemptionRow[];
  return rows.map((r) => toDto(withReceipt(ctx.db, r)!, balance));
}

/** A bill reward checked and priced for a purchase, before anything is written. */
export interface BillRewardQuote {
  reward: RewardRow;
  discountMinor: Minor;
  perLine: Minor[];
  freeUnits: number;
}

/**
 * Checks a bill reward for points:award (issue 11 item 2): it exists, changes a bill,
 * is available and in stock, and takes something off these lines. Writes nothing.
 */
export function quoteBillReward(
  ctx: Refuser<'rewardNotFound' | 'notBillReward' | 'outOfStock' | 'notAvailable' | 'productNotOnBill' | 'noDiscount'>,
  rewardId: string,
  lines: readonly BillLine[],
  now: number,
): BillRewardQuote {
  const reward = loadReward(ctx, rewardId);
  if (!isBillReward(reward.kind)) throw ctx.refuse('notBillReward', { field: 'rewardId', kind: reward.kind });
  if (reward.stock !== null && reward.stock <= 0) throw ctx.refuse('outOfStock', { field: 'rewardId' });
  if (!isAvailable(reward, now)) throw ctx.refuse('notAvailable', { field: 'rewardId' });
  const d = billDiscount(billTermsOf(reward), lines);
  if (!d.ok) {
    throw ctx.refuse('productNotOnBill', {
      field: 'rewardId',
      sku: reward.product_sku,
      unitsOnBill: d.unitsOnBill,
      unitsNeeded: d.unitsNeeded,
    });
  }
  // 1% of ¥0.50 rounds down to nothing: a reward that takes nothing off is not spent.
  if (d.discountMinor === 0) throw ctx.refuse('noDiscount', { field: 'rewardId' });
  return { reward, discountMinor: d.discountMinor, perLine: d.perLine, freeUnits: d.freeUnits };
}

/**
 * Spends a bill reward's points (the caller has checked the balance, the PIN and the
 * spending rule) and takes its stock with the same guarded UPDATE as rewards:redeem.
 * `recordBillRedemption` then writes the redemption, once the purchase row exists
 * (its purchase_id references it).
 */
export function spendBillReward(
  ctx: Refuser<'outOfStock'>,
  env: LedgerEnv,
  q: BillRewardQuote,
  p: { memberId: string; receiptNo: string },
): { redemptionId: string; entryId: string; balanceAfter: Points } {
  const { reward } = q;
  if (reward.stock !== null) {
    const taken = stmt(env.db, 'UPDATE rewards SET stock = stock - 1 WHERE id = ? AND stock > 0').run(reward.id);
    if (taken.changes !== 1) throw ctx.refuse('outOfStock', { field: 'rewardId' });
  }
  const id = newId();
  const entry = applyEntry(env, {
    memberId: p.memberId,
    kind: 'redeem',
    points: neg(reward.cost_points),
    facts: facts<RedeemFacts>({
      kind: 'redeem',
      reward: { id: reward.id, name: reward.name, kind: reward.kind },
      discountMinor: q.discountMinor,
      points: reward.cost_points,
      receiptNo: p.receiptNo,
    }),
    refId: id,
  });
  return { redemptionId: id, entryId: entry.id, balanceAfter: entry.balanceAfter };
}

export function recordBillRedemption(
  db: Db,
  env: LedgerEnv,
  q: BillRewardQuote,
  p: { redemptionId: string; entryId: string; memberId: string; purchaseId: string; opId: string },
): void {
  stmt(
    db,
    `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code,
       discount_minor, status, entry_id, terminal_id, staff_id, created_at, purchase_id)
     VALUES (@id, @op_id, @member_id, @reward_id, @reward_name, @kind, @points, NULL,
       @discount_minor, 'active', @entry_id, @terminal_id, @staff_id, @created_at, @purchase_id)`,
  ).run({
    id: p.redemptionId,
    op_id: p.opId,
    member_id: p.memberId,
    reward_id: q.reward.id,
    reward_name: q.reward.name,
    kind: q.reward.kind,
    points: q.reward.cost_points,
    discount_minor: q.discountMinor,
    entry_id: p.entryId,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    created_at: env.now,
    purchase_id: p.purchaseId,
  });
}

/** The bill reward redeemed on a purchase, for its refunds (points/refund.ts). */
export interface BillRedemption {
  id: string;
  rewardId: string;
  rewardName: string;
  kind: string;
  points: Points;
  discountMinor: Minor;
  entryId: string;
  pointsReturned: Points;
  discountReturnedMinor: Minor;
}

export function billRedemptionOf(db: ReadDb, purchaseId: string): BillRedemption | null {
  const r = stmt(
    db,
    `SELECT id, reward_id, reward_name, kind, points, discount_minor, entry_id, points_returned,
            discount_returned_minor
       FROM reward_redemptions WHERE purchase_id = ?`,
  ).get(purchaseId) as
    | {
        id: string;
        reward_id: string;
        reward_name: string;
        kind: string;
        points: Points;
        discount_minor: Minor;
        entry_id: string;
        points_returned: Points;
        discount_returned_minor: Minor;
      }
    | undefined;
  if (!r) return null;
  return {
    id: r.id,
    rewardId: r.reward_id,
    rewardName: r.reward_name,
    kind: r.kind,
    points: r.points,
    discountMinor: r.discount_minor,
    entryId: r.entry_id,
    pointsReturned: r.points_returned,
    discountReturnedMinor: r.discount_returned_minor,
  };
}

/** A refund of the receipt gave back `points` for `discountMinor` of the reward's discount returned. */
export function noteRewardReturned(
  db: Db,
  redemptionId: string,
  points: Points,
  discountMinor: Minor,
  receiptFullyReturned: boolean,
): void {
  stmt(
    db,
    `UPDATE reward_redemptions SET points_returned = points_returned + ?,
       discount_returned_minor = discount_returned_minor + ? WHERE id = ?`,
  ).run(points, discountMinor, redemptionId);
  // The whole receipt came back (the free product with it): the claim goes back to stock,
  // whatever the points policy, as a void does. Once: nothing is left to return after.
  if (receiptFullyReturned) {
    stmt(
      db,
      `UPDATE rewards SET stock = stock + 1
       WHERE id = (SELECT reward_id FROM reward_redemptions WHERE id = ?) AND stock IS NOT NULL`,
    ).run(redemptionId);
  }
}

import type { HandlerContext, ReadContext, Refuser } from '../context';
import type { Db, ReadDb } from '../db/open-database';
import type { RedemptionDto } from '../../../shared/contract/rewards';
import type { RefusalOf } from '../../../shared/contract';
import { newId, randomCode } from '../ids';
import { ledgerEnv } from '../points/env';
import { applyEntry, balanceOf, lotsUsedBy } from '../points/ledger';
import { prepareSpend } from '../points/spend';
import { authoriseSpend, requireActiveMember, requireMember } from '../points/member-access';
import { ruleSetAt } from '../points/rules-repo';
import { stmt } from '../db/statements';
import { checkChainSpend } from '../sync/chain-spend';
import { isAvailable, loadReward } from './catalogue';
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
    voidReason: r.void_reason,
    createdAt: r.created_at,
    voidedAt: r.voided_at,
    balance,
  };
}

function findRedemption(db: ReadDb, id: string): RedemptionRow | undefined {
  return stmt(db, 'SELECT * FROM reward_redemptions WHERE id = ?').get(id) as RedemptionRow | undefined;
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
  const reward = loadReward(ctx, input.rewardId);
  if (reward.stock !== null && reward.stock <= 0) throw ctx.refuse('outOfStock', { field: 'rewardId' });
  if (!isAvailable(reward, env.now)) throw ctx.refuse('notAvailable', { field: 'rewardId' });
  const rules = ruleSetAt(db, env.now).rules;
  authoriseSpend(ctx, input.memberId, rules.redeemRequiresPin, input.pin);
  // Chain mode: head office (or the offline allowance) decides whether the balance covers it.
  const chain = checkChainSpend(ctx, input.memberId, reward.cost_points);
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
  ctx: HandlerContext<'redemptionNotFound' | 'memberNotFound' | 'alreadyVoided'>,
  input: { opId: string; redemptionId: string; reason: string },
): RedemptionDto {
  const { db } = ctx;
  const env = ledgerEnv(ctx, input.opId);
  const r = loadRedemption(ctx, input.redemptionId);
  requireMember(ctx, r.member_id);
  if (r.status === 'voided') throw ctx.refuse('alreadyVoided');
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
  return rows.map((r) => toDto(r, balance));
}

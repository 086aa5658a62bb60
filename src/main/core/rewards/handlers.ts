import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import type { MemberDataSection } from '../area';
import { defineArea } from '../area';
import { newId } from '../ids';
import { balanceOf } from '../points/ledger';
import { chainSpendable } from '../sync/spendable';
import { unchecked } from '../../../shared/units';
import { requireMember } from '../points/member-access';
import { findReward, insertReward, isAvailable, listRewards, loadReward, toRewardDto, updateReward } from './catalogue';
import { listRedemptions, redeemReward, redeemedBy, voidRedemption } from './redeem';

export const rewardsHandlers: AreaHandlers<'rewards'> = {
  'rewards:list': (ctx, input) => {
    const now = ctx.now();
    return listRewards(ctx.db, input.includeInactive ?? false).map((r) => toRewardDto(r, now));
  },
  'rewards:create': (ctx, input) => {
    const actor = ctx.requireActor();
    const id = newId();
    insertReward(ctx.db, id, input, ctx.now(), actor.staffId);
    return toRewardDto(findReward(ctx.db, id)!, ctx.now());
  },
  'rewards:update': (ctx, input) => {
    const { rewardId, ...fields } = input;
    const before = toRewardDto(loadReward(ctx, rewardId), ctx.now());
    updateReward(ctx.db, rewardId, fields, ctx.now());
    return noted(toRewardDto(findReward(ctx.db, rewardId)!, ctx.now()), { before });
  },
  'rewards:affordable': (ctx, input) => {
    requireMember(ctx, input.memberId);
    const now = ctx.now();
    // Chain mode: the chain balance this terminal knows (head office decides the spend).
    const chain = chainSpendable(ctx.db, input.memberId, ctx.now());
    const balance = chain === null ? balanceOf(ctx.db, input.memberId) : unchecked.points(chain);
    const available = listRewards(ctx.db, false).filter((r) => isAvailable(r, now));
    const affordable = available.filter((r) => r.cost_points <= balance).map((r) => toRewardDto(r, now));
    const next = available.find((r) => r.cost_points > balance);
    return {
      balance,
      affordable,
      nextWithinReach: next ? { reward: toRewardDto(next, now), pointsNeeded: next.cost_points - balance } : null,
    };
  },
  'rewards:redeem': (ctx, input) => redeemReward(ctx, input),
  'rewards:void': (ctx, input) => {
    const voided = voidRedemption(ctx, input);
    return noted(voided, { redeemedBy: redeemedBy(ctx.db, voided.id) });
  },
  'rewards:listRedemptions': (ctx, input) => listRedemptions(ctx, input.memberId, input.limit ?? 20),
};

/** The rewards area's part of a member's data export: every redemption, voided ones too. */
const rewardsMemberData: MemberDataSection = (db, memberId) => ({
  redemptions: db
    .prepare(
      `SELECT id, reward_name AS reward, kind, points, coupon_code AS couponCode, discount_minor AS discountMinor,
              status, void_reason AS voidReason, created_at AS createdAt, voided_at AS voidedAt
         FROM reward_redemptions WHERE member_id = ? ORDER BY created_at`,
    )
    .all(memberId),
});

export const rewardsArea = defineArea({ name: 'rewards', handlers: rewardsHandlers, memberData: rewardsMemberData });

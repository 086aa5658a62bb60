import type { AreaHandlers } from '../handler-types';
import { newId } from '../ids';
import { balanceOf } from '../points/ledger';
import { requireMember } from '../points/member-access';
import { withOperation } from '../operations';
import { insertReward, isAvailable, listRewards, loadReward, toRewardDto, updateReward } from './catalogue';
import { listRedemptions, redeemReward, voidRedemption } from './redeem';

export const rewardsHandlers: AreaHandlers<'rewards'> = {
  'rewards:list': (ctx, input) => {
    const now = ctx.now();
    return listRewards(ctx.db, input.includeInactive ?? false).map((r) => toRewardDto(r, now));
  },
  'rewards:create': (ctx, input) => {
    const actor = ctx.requireActor();
    const id = newId();
    insertReward(ctx.db, id, input, ctx.now(), actor.staffId);
    ctx.audit('rewards.created', id, { ...input });
    return toRewardDto(loadReward(ctx.db, id), ctx.now());
  },
  'rewards:update': (ctx, input) => {
    const { rewardId, ...fields } = input;
    const before = toRewardDto(loadReward(ctx.db, rewardId), ctx.now());
    updateReward(ctx.db, rewardId, fields, ctx.now());
    const after = toRewardDto(loadReward(ctx.db, rewardId), ctx.now());
    ctx.audit('rewards.updated', rewardId, { before, after });
    return after;
  },
  'rewards:affordable': (ctx, input) => {
    requireMember(ctx.db, input.memberId);
    const now = ctx.now();
    const balance = balanceOf(ctx.db, input.memberId);
    const available = listRewards(ctx.db, false).filter((r) => isAvailable(r, now));
    const affordable = available.filter((r) => r.cost_points <= balance).map((r) => toRewardDto(r, now));
    const next = available.find((r) => r.cost_points > balance);
    return {
      balance,
      affordable,
      nextWithinReach: next ? { reward: toRewardDto(next, now), pointsNeeded: next.cost_points - balance } : null,
    };
  },
  'rewards:redeem': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'rewards:redeem', input, () => redeemReward(ctx, input)),
  'rewards:void': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'rewards:void', input, () => voidRedemption(ctx, input)),
  'rewards:listRedemptions': (ctx, input) => listRedemptions(ctx, input.memberId, input.limit ?? 20),
};

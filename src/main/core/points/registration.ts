import type { HandlerContext } from '../context';
import { ledgerEnv, storeTimeZone } from './env';
import { ruleSetAt } from './rules-repo';
import { grantWelcome, recordReferral } from './bonuses';
import { memberIdByCard } from './member-access';
import { newId } from '../ids';

/**
 * What registering a member means to the points area (issue 11 item 6), in the
 * registration's transaction: the welcome points of the rules in force, and the referral
 * when a referrer's card was given (paid at the new member's first qualifying purchase).
 * A retried registration replays its first result, so neither is written twice.
 */
export function pointsOnRegistration(
  ctx: HandlerContext<'referrerNotFound'>,
  memberId: string,
  opts: { opId?: string; referrerCard?: string },
): void {
  const env = ledgerEnv(ctx, opts.opId ?? newId());
  if (opts.referrerCard !== undefined) {
    const referrer = memberIdByCard(ctx.db, opts.referrerCard);
    if (referrer === null || referrer === memberId) throw ctx.refuse('referrerNotFound', { field: 'referrerCard' });
    recordReferral(ctx.db, memberId, referrer, env.now);
  }
  grantWelcome(env, ruleSetAt(ctx.db, env.now), storeTimeZone(ctx), memberId);
}

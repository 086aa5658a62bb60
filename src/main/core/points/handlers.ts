import type { AreaHandlers } from '../handler-types';
import { invalid } from '../errors';
import { recordPurchase } from './award';
import { memberHistory } from './entries';
import { ledgerEnv } from './env';
import { expiringWithin, runExpiry } from './expiry';
import { checkLedger } from './ledger-check';
import { adjustPoints, bulkClear, clearMember } from './manager-actions';
import { requireMember } from './member-access';
import { withOperation } from '../operations';
import { previewRules } from './preview';
import { getPurchase, listPurchases, memberSummary, payQuote } from './queries';
import { refundPurchase } from './refund';
import { insertRuleSet, listRuleSets, ruleSetAt, upcomingRuleSets } from './rules-repo';
import { newId } from '../ids';
// Side effect: adds the points section to a member's subject-access export.
import './member-data';

export const pointsHandlers: AreaHandlers<'points'> = {
  'points:getRules': (ctx) => ({
    current: ruleSetAt(ctx.db, ctx.now()),
    upcoming: upcomingRuleSets(ctx.db, ctx.now()),
  }),
  'points:listRuleVersions': (ctx) => listRuleSets(ctx.db),
  'points:previewRules': (ctx, input) => previewRules(ctx, input.rules, input.lastN ?? 50),
  'points:saveRules': (ctx, input) => {
    const actor = ctx.requireActor();
    const now = ctx.now();
    const effectiveFrom = input.effectiveFrom ?? now;
    // A rule set dated in the past would re-label history it never priced.
    if (effectiveFrom < now) throw invalid('A rule change cannot take effect in the past', { field: 'effectiveFrom' });
    const previous = ruleSetAt(ctx.db, effectiveFrom);
    const saved = insertRuleSet(ctx.db, input.rules, effectiveFrom, now, actor.staffId);
    ctx.audit('points.rulesSaved', `v${saved.version}`, {
      version: saved.version,
      previousVersion: previous.version,
      effectiveFrom,
      rules: input.rules,
    });
    return saved;
  },

  'points:award': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'points:award', input, () => recordPurchase(ctx, input)),
  'points:payQuote': (ctx, input) => payQuote(ctx, input.memberId, input.totalMinor),
  'points:getPurchase': (ctx, input) => getPurchase(ctx, input.receiptNo),
  'points:listPurchases': (ctx, input) => listPurchases(ctx, input.memberId, input.limit ?? 20),
  'points:refund': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'points:refund', input, () => {
      const result = refundPurchase(ctx, input);
      ctx.audit('points.refunded', result.receiptNo, {
        refundId: result.refundId,
        lines: result.lines,
        pointsClawedBack: result.pointsClawedBack,
        shortfall: result.shortfall,
        pointsReturned: result.pointsReturned,
        policy: result.policy,
      });
      return result;
    }),

  'points:memberSummary': (ctx, input) => memberSummary(ctx, input.memberId),
  'points:history': (ctx, input) => {
    requireMember(ctx.db, input.memberId);
    return memberHistory(ctx.db, input.memberId, input.limit ?? 50, input.beforeId);
  },
  'points:expiring': (ctx, input) => {
    requireMember(ctx.db, input.memberId);
    return expiringWithin(ctx.db, input.memberId, ctx.now(), input.withinDays ?? 30);
  },

  'points:adjust': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'points:adjust', input, () => adjustPoints(ctx, input)),
  'points:clearMember': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'points:clearMember', input, () => clearMember(ctx, input)),
  'points:bulkClear': (ctx, input) =>
    withOperation(ctx.db, ctx.now(), 'points:bulkClear', input, () => bulkClear(ctx, input)),
  'points:runExpiry': (ctx) => {
    const result = runExpiry(ledgerEnv(ctx, newId()));
    if (result.entries > 0) ctx.audit('points.expiryRun', null, { ...result });
    return result;
  },
  'points:checkLedger': (ctx) => checkLedger(ctx.db),
};

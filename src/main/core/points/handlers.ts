import { tierSpendAdvance } from './tier-spend';
import type { ReadDb } from '../db/open-database';
import type { RuleSetDto, RuleVersionDto } from '../../../shared/contract/points';
import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import { defineArea } from '../area';
import { recordPurchase } from './award';
import { memberHistory } from './entries';
import { ledgerEnv } from './env';
import { expiresHere, expiringWithin, runExpiry } from './expiry';
import { checkLedger } from './ledger-check';
import { adjustPoints, bulkClear, bulkClearPreview, clearMember } from './manager-actions';
import { standingsOf } from './standings';
import { requireMember } from './member-access';
import { pointsMemberData } from './member-data';
import { previewRules } from './preview';
import { getPurchase, listPurchases, memberSummary, payQuote } from './queries';
import { findPurchase, refundPurchase } from './refund';
import { insertRuleSet, listRuleSets, ruleSetAt, upcomingRuleSets } from './rules-repo';
import { expiryRun, fullLedgerCheck, ledgerInvariantCheck, memberTotalsCheck, fullMemberTotalsCheck } from './startup';
import { newId } from '../ids';
import { headOfficeRules, headOfficeVersionOf } from '../sync/pull-rules';
import { goalHandlers } from './goal-handlers';

export const pointsHandlers: AreaHandlers<'points'> = {
  'points:getRules': (ctx) => {
    const now = ctx.now();
    const ho = headOfficeRules(ctx.db, now);
    const current = ruleSetAt(ctx.db, now);
    return {
      current,
      upcoming: upcomingRuleSets(ctx.db, now).map((v) => withHeadOfficeVersion(ctx.db, v)),
      headOffice: ho && {
        version: ho.version,
        effectiveFrom: ho.effectiveFrom,
        // The pulled set's local version is the one in force (an older pull has no localVersion: by date).
        inForce: ho.localVersion !== null ? ho.localVersion === current.version : ho.effectiveFrom <= now,
      },
    };
  },
  'points:listRuleVersions': (ctx) => listRuleSets(ctx.db).map((v) => withHeadOfficeVersion(ctx.db, v)),
  'points:previewRules': (ctx, input) => previewRules(ctx, input.rules, input.lastN ?? 50),
  'points:saveRules': (ctx, input) => {
    const actor = ctx.requireActor();
    const now = ctx.now();
    const effectiveFrom = input.effectiveFrom ?? now;
    // First: in a chain that has sent rules a local save would outrank head office's
    // (newest effective wins) and fork this store from the chain's programme.
    if (headOfficeRules(ctx.db, now)) throw ctx.refuse('rulesFromHeadOffice');
    // A rule set dated in the past would re-label history it never priced.
    if (effectiveFrom < now) throw ctx.refuse('effectiveInPast', { field: 'effectiveFrom' });
    if (input.rules.endsAt !== undefined && input.rules.endsAt <= effectiveFrom) {
      throw ctx.refuse('endsBeforeEffective', { field: 'rules.endsAt' });
    }
    const previous = ruleSetAt(ctx.db, effectiveFrom);
    const saved = insertRuleSet(ctx.db, input.rules, effectiveFrom, now, actor.staffId);
    return noted(saved, { previousVersion: previous.version });
  },

  'points:award': (ctx, input) => recordPurchase(ctx, input),
  'points:payQuote': (ctx, input) => payQuote(ctx, input.memberId, input.totalMinor),
  'points:getPurchase': (ctx, input) => getPurchase(ctx, input.receiptNo),
  'points:listPurchases': (ctx, input) => listPurchases(ctx, input.memberId, input.limit ?? 20),
  'points:refund': (ctx, input) => {
    const result = refundPurchase(ctx, input);
    const purchase = findPurchase(ctx, result.receiptNo);
    return noted(result, {
      memberId: purchase.member_id,
      purchase: { createdAt: purchase.created_at, staffId: purchase.staff_id, pointsUsed: purchase.points_used },
    });
  },

  'points:memberSummary': (ctx, input) => memberSummary(ctx, input.memberId),
  'points:history': (ctx, input) => {
    requireMember(ctx, input.memberId);
    return memberHistory(ctx.db, input.memberId, input.limit ?? 50, input.beforeId);
  },
  'points:expiring': (ctx, input) => {
    requireMember(ctx, input.memberId);
    return expiringWithin(ctx.db, input.memberId, ctx.now(), input.withinDays ?? 30);
  },

  'points:adjust': (ctx, input) => adjustPoints(ctx, input),
  'points:clearMember': (ctx, input) => clearMember(ctx, input),
  'points:bulkClear': (ctx, input) => bulkClear(ctx, input),
  'points:bulkClearPreview': (ctx, input) => bulkClearPreview(ctx.db, input.inactiveSince),
  'points:standings': (ctx, input) => standingsOf(ctx.db, input.memberIds, ctx.now()),
  'points:runExpiry': (ctx) => {
    if (!expiresHere(ctx.db)) throw ctx.refuse('expiryAtHeadOffice');
    const { expired, ...run } = runExpiry(ledgerEnv(ctx, newId()));
    return noted(run, { expired });
  },
  'points:checkLedger': (ctx) => checkLedger(ctx.db),
  ...goalHandlers,
};

export const pointsArea = defineArea({
  name: 'points',
  handlers: pointsHandlers,
  // tierSpendAdvance: moves the tier window's anchor (the tier report corrects for what it missed).
  startupChecks: [ledgerInvariantCheck, memberTotalsCheck, expiryRun, tierSpendAdvance],
  dailyChecks: [fullLedgerCheck, fullMemberTotalsCheck],
  memberData: pointsMemberData,
});

/**
 * A version with head office's number when it was pulled from there: in a chain the page
 * names head office's numbers, never only this terminal's own count of versions.
 */
function withHeadOfficeVersion(db: ReadDb, v: RuleSetDto): RuleVersionDto {
  return { ...v, headOfficeVersion: headOfficeVersionOf(db, v.version) };
}

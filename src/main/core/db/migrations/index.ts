import type { Migration } from '../migration';
import { m001Foundation } from './001-foundation';
import { m002Members } from './002-members';
import { m003Points } from './003-points';
import { m004Rewards } from './004-rewards';
import { m005Offline } from './005-offline';
import { m006ExplanationFacts } from './006-explanation-facts';
import { m007KeyedAudit } from './007-keyed-audit';
import { m008ReceiptKeys } from './008-receipt-keys';
import { m009Unused } from './009-unused';
import { m010RulesExpiryWindow } from './010-rules-expiry-window';
import { m011ReportSummaries } from './011-report-summaries';
import { m012Sync } from './012-sync';
import { m013BillRewards } from './013-bill-rewards';
import { m014GoalsPromoCodes } from './014-goals-promo-codes';
import { m015TiersBonuses } from './015-tiers-bonuses';
import { m016MemberTotals } from './016-member-totals';
import { m017LineTags } from './017-line-tags';
import { m018AwardWriteShape } from './018-award-write-shape';
import { m019SyncGoals } from './019-sync-goals';
import { m020ProvisionalMembers } from './020-provisional-members';
import { m021ChainPurchases } from './021-chain-purchases';
import { m022TierSpend } from './022-tier-spend';
import { m023GoalCardMerge } from './023-goal-card-merge';
import { m024ChainBonuses } from './024-chain-bonuses';
import { m025ChainExpiring } from './025-chain-expiring';
import { m026ChainPins } from './026-chain-pins';
import { m027ChainGoals } from './027-chain-goals';
import { m028ChainRedemptions } from './028-chain-redemptions';

/**
 * Every schema step, in order. One file per migration, each with its own test in
 * test/core/migrations/. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001Foundation,
  m002Members,
  m003Points,
  m004Rewards,
  m005Offline,
  m006ExplanationFacts,
  m007KeyedAudit,
  m008ReceiptKeys,
  m009Unused,
  m010RulesExpiryWindow,
  m011ReportSummaries,
  m012Sync,
  m013BillRewards,
  m014GoalsPromoCodes,
  m015TiersBonuses,
  m016MemberTotals,
  m017LineTags,
  m018AwardWriteShape,
  m019SyncGoals,
  m020ProvisionalMembers,
  m021ChainPurchases,
  m022TierSpend,
  m023GoalCardMerge,
  m024ChainBonuses,
  m025ChainExpiring,
  m026ChainPins,
  m027ChainGoals,
  m028ChainRedemptions,
];

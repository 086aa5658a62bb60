import { z } from 'zod';
import { channel } from './define';
import { epochMs, id, empty } from './common';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import type { Minor, Points } from '../units';

/**
 * Channels of the reports area (manager reports, and the RFM analysis shown at the
 * counter). Money is integer minor units, points integers. A period is [from, to):
 * the renderer turns "today" or a chosen range into local-midnight instants.
 */

export interface SummaryReportDto {
  from: number;
  to: number;
  purchases: { count: number; grossMinor: Minor; pointsDiscountMinor: Minor; paidMinor: Minor };
  refunds: { count: number; amountMinor: Minor };
  /** paid − refunded in the period. */
  netSpendMinor: Minor;
  /**
   * Points moved in the period, by what moved them. Identity (tested):
   * issued − redeemed − expired + adjusted − clawedBack = net change of all balances.
   */
  points: { issued: number; redeemed: number; expired: number; adjusted: number; clawedBack: number; net: number };
  /** Now, not for the period: what members hold and what it is worth. */
  liability: LiabilityDto;
}

export interface LiabilityDto {
  /** Sum of positive balances (a negative balance after a clawback is not an asset). */
  outstandingPoints: Points;
  /** The redeem value b in force now: `minor` minor units per `perPoints` points. */
  redeemValue: { minor: number; perPoints: number };
  /** floor(outstanding × minor / perPoints), exact integer arithmetic. */
  liabilityMinor: Minor;
  membersWithPoints: number;
  currency: string;
  currencyMinorUnits: number;
}

export interface TopMemberDto {
  memberId: string;
  name: string | null;
  cardNumber: string;
  purchases: number;
  spendMinor: Minor;
  pointsEarned: Points;
}

export interface TierBucketDto {
  /** null = no tier (below the first threshold, or no tiers configured). */
  tier: string | null;
  thresholdMinor: number | null;
  members: number;
}

export interface RedemptionByRewardDto {
  rewardId: string;
  rewardName: string;
  redemptions: number;
  voided: number;
  /** Points of the redemptions still standing (voided ones gave theirs back). */
  points: number;
}

export interface ExpiryForecastDto {
  from: number;
  days: number;
  total: number;
  /** Consecutive 7-day buckets starting at `from` (the last may be shorter). */
  buckets: { from: number; to: number; points: number }[];
}

export const RFM_SEGMENTS = ['champion', 'loyal', 'new', 'occasional', 'atRisk', 'lapsed'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface MemberInsightsDto {
  memberId: string;
  segment: RfmSegment;
  /** Days since the last purchase; null if never. */
  recencyDays: number | null;
  /** Purchases in the last 365 days. */
  frequency: number;
  /** Net spend in the last 365 days (minor units). */
  monetaryMinor: Minor;
  balance: Points;
  affordable: { rewardId: string; name: string; costPoints: number }[];
  /** The cheapest reward the member cannot afford yet, and how far away it is. */
  next: { rewardId: string; name: string; costPoints: number; pointsNeeded: number } | null;
}

export const REPORT_KINDS = ['summary', 'topMembers', 'tiers', 'redemptions', 'expiry'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const DAY = 86_400_000;
/** At most ~3 years per query: bounded work on the counter's machine. */
export const MAX_PERIOD_MS = 1100 * DAY;

export const period = z
  .strictObject({ from: epochMs, to: epochMs })
  .refine((p) => p.to > p.from, { message: 'to must be after from', path: ['to'] })
  .refine((p) => p.to - p.from <= MAX_PERIOD_MS, { message: 'at most about 3 years', path: ['to'] });

export const reportsContract = {
  'reports:summary': channel<SummaryReportDto>()({ input: period, access: MANAGER_UP, effect: 'read', refusals: [] }),
  'reports:topMembers': channel<TopMemberDto[]>()({
    input: z
      .strictObject({
        from: epochMs,
        to: epochMs,
        limit: z.number().int().min(1).max(100).default(10),
      })
      .refine((p) => p.to > p.from && p.to - p.from <= MAX_PERIOD_MS, { message: 'invalid period', path: ['to'] }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** Members by tier now (rolling spend over the rules' window). */
  'reports:tierDistribution': channel<TierBucketDto[]>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  'reports:redemptionByReward': channel<RedemptionByRewardDto[]>()({
    input: period,
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  'reports:expiryForecast': channel<ExpiryForecastDto>()({
    input: z.strictObject({ days: z.number().int().min(1).max(366).default(90) }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  'reports:liability': channel<LiabilityDto>()({ input: empty, access: MANAGER_UP, effect: 'read', refusals: [] }),
  /** RFM segment and reward suggestions for the member view at the counter. */
  'reports:memberInsights': channel<MemberInsightsDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /** One report as CSV text (UTF-8 with BOM so Excel shows Chinese names), for download. */
  'reports:csv': channel<{ fileName: string; csv: string }>()({
    input: z
      .strictObject({ report: z.enum(REPORT_KINDS), from: epochMs, to: epochMs })
      .refine((p) => p.to > p.from && p.to - p.from <= MAX_PERIOD_MS, { message: 'invalid period', path: ['to'] }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
};

import { z } from 'zod';
import { line } from '../contract/common';

/**
 * The head office page's JSON routes: `GET /admin/api/<name>?<query>`, authorised by the
 * admin token (`Authorization: Bearer pda1.…`), answered in the protocol's envelope
 * `{ ok: true, value } | { ok: false, error }`. Read-only: what the page changes (a store,
 * an enrolment code, a revoked terminal) goes through the protocol's own admin endpoints
 * (`POST /v1/admin/…`, src/shared/sync/endpoints.ts), each recorded in `admin_actions`.
 *
 * A query string arrives as strings, so every field is a bounded string here and the
 * schema turns it into what the handler needs. Strict objects: an unknown field, or a
 * field given twice (which arrives as an array), is a VALIDATION error.
 */

/** A calendar day as the page's date inputs give it. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a calendar day',
    },
  );

/** An IANA time zone the reports bucket days in (the browser's own, usually). */
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'not a time zone name')
  .refine((tz) => tz === 'UTC' || Intl.supportedValuesOf('timeZone').includes(tz), { message: 'unknown time zone' });

const smallCount = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** Members per page of a search, and how many pages: past that, the search should be narrower. */
export const MEMBER_SEARCH_PAGE = 50;
export const MEMBER_SEARCH_PAGES = 20;

/** At most a year of days per report: the page shows a table, not a data export. */
export const MAX_REPORT_DAYS = 366;

export const adminRoutes = {
  /** Stores, terminals and their sync state, and the chain's points liability. */
  overview: { path: '/admin/api/overview', query: z.strictObject({}) },
  /** Chain-wide member search: card number, phone digits, or part of the name. */
  members: {
    path: '/admin/api/members',
    query: z.strictObject({
      q: line(80).refine((s) => s.trim().length >= 2, { message: 'at least 2 characters' }),
      /** 1 = the first MEMBER_SEARCH_PAGE matches; at most MEMBER_SEARCH_PAGES pages. */
      page: smallCount(MEMBER_SEARCH_PAGES).optional(),
    }),
  },
  /** Points earned and spent per store per day, and the members who earned most, in a date range. */
  reports: {
    path: '/admin/api/reports',
    query: z
      .strictObject({ from: day, to: day, tz: timeZone, top: smallCount(100).optional() })
      .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
      .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
        message: `at most ${MAX_REPORT_DAYS} days`,
        path: ['to'],
      }),
  },
  /** What head office did (admin_actions), newest first; `before` pages back by id. */
  actions: {
    path: '/admin/api/actions',
    query: z.strictObject({
      before: z
        .string()
        .regex(/^[1-9]\d{0,15}$/, 'an action number')
        .transform(Number)
        .optional(),
    }),
  },
} as const;

export type AdminRouteName = keyof typeof adminRoutes;
export type AdminQuery<N extends AdminRouteName> = z.output<(typeof adminRoutes)[N]['query']>;

export type TerminalState = 'online' | 'offline' | 'never' | 'revoked';

export interface TerminalStatusDto {
  id: string;
  storeId: string;
  name: string;
  state: TerminalState;
  lastSeenAt: number | null;
  /** The later of its last push and last pull. */
  lastSyncAt: number | null;
  /** Ops waiting in its outbox as it last said (null: it never said). */
  queueDepth: number | null;
  /** How long the oldest waiting op has waited, as of when it said so; 0 when nothing waits. */
  syncLagMs: number | null;
  /** Ops head office parked or rejected, and recorded conflicts: a manager looks at these. */
  needsAttention: number;
  /** What it lets one member spend offline per outage, as it last said (null: never said). */
  offlineAllowancePoints: number | null;
}

export interface StoreSummaryDto {
  id: string;
  name: string;
  createdAt: number;
  terminals: number;
  members: number;
}

export interface LiabilityDto {
  /** Sum of the positive balances of live members (not merged, not erased). */
  outstandingPoints: number;
  /** Of those, reserved by holds for offline spending. */
  heldPoints: number;
  membersWithPoints: number;
  /** By the member's home store; storeId null: members registered before stores were recorded. */
  byStore: { storeId: string | null; points: number; members: number }[];
  /** Live members below zero (offline overdraws not yet repaid by earning), and what they owe. */
  overdrawnMembers: number;
  overdrawnPoints: number;
  /**
   * While terminals are offline now: the most one member could overdraw meanwhile — the sum
   * of those terminals' allowances (each lets a member spend its allowance once per outage,
   * beyond any hold). `unreported`: offline terminals that never said their allowance.
   */
  offlineExposure: { terminalsOffline: number; perMemberPoints: number; unreported: number };
}

export interface OverviewDto {
  serverTime: number;
  /** A terminal heard from within this long is shown online. */
  onlineWindowMs: number;
  stores: StoreSummaryDto[];
  terminals: TerminalStatusDto[];
  liability: LiabilityDto;
}

export interface MemberHitDto {
  id: string;
  cardNumber: string;
  name: string | null;
  phone: string | null;
  homeStoreId: string | null;
  active: boolean;
  balance: number;
  held: number;
}

export interface MemberSearchDto {
  members: MemberHitDto[];
  /** The page asked for (1 = first). */
  page: number;
  /** More matched after this page (ask for page + 1, up to MEMBER_SEARCH_PAGES). */
  more: boolean;
}

export interface DailyPointsDto {
  day: string;
  /** null: written by head office itself (merges). */
  storeId: string | null;
  earned: number;
  spent: number;
}

export interface TopMemberDto {
  memberId: string;
  cardNumber: string;
  name: string | null;
  earned: number;
  balance: number;
}

/** Weeks ahead the expiry forecast covers (the terminal's expiry forecast report, chain-wide). */
export const EXPIRY_FORECAST_WEEKS = 8;

export interface ReportsDto {
  from: string;
  to: string;
  tz: string;
  days: DailyPointsDto[];
  topMembers: TopMemberDto[];
  /**
   * Points head office will expire (its point_lots, migration 015), by week from now: week
   * 0 starts now; weeks with nothing are left out. Always from now, whatever the range.
   */
  expiring: { week: number; from: number; points: number }[];
  /**
   * Redemptions made in the range, by reward (as the terminal's report): the reward each was
   * for comes with the terminal's push (server migration 019); `rewardId` and `rewardName`
   * are null for redemptions no terminal has named yet (pushed by an older terminal, or
   * decided online and not yet reported back).
   */
  redemptions: HeadOfficeRedemptionsDto[];
}

export interface HeadOfficeRedemptionsDto {
  rewardId: string | null;
  rewardName: string | null;
  redemptions: number;
  voided: number;
  /** Points of the redemptions still standing (a voided one gave its points back). */
  points: number;
}

/** Actions shown per page of the head office's own log. */
export const ADMIN_ACTIONS_PAGE = 50;

export type AdminActionKind =
  'store.created' | 'enrolmentCode.issued' | 'terminal.revoked' | 'rules.saved' | 'reward.saved' | 'member.merged';

export interface AdminActionDto {
  id: number;
  at: number;
  action: AdminActionKind;
  storeId: string | null;
  terminalId: string | null;
  /**
   * By action: the store's or terminal's name, a code's expiry, a rule set's or reward's
   * version; for a merge the two cards, the points moved and the reason given.
   */
  details: {
    name?: string;
    expiresAt?: number;
    version?: number;
    mergedCard?: string;
    survivorCard?: string;
    movedPoints?: number;
    reason?: string;
  };
}

export interface AdminActionsDto {
  actions: AdminActionDto[];
  /** Older actions exist: ask again with `before` = the last id shown. */
  more: boolean;
}

export interface AdminOutputs {
  overview: OverviewDto;
  members: MemberSearchDto;
  reports: ReportsDto;
  actions: AdminActionsDto;
}

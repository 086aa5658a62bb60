import { z } from 'zod';
import { headOfficeRewardInput } from '../contract/rewards';
import { ruleSetSchema } from '../contract/points';
import type {
  AuditHeadDto,
  BootstrapPage,
  CardBlockDto,
  EnrolmentCodeDto,
  EnrolResult,
  PinKeyResult,
  HoldResult,
  JournalCheckResult,
  MemberLookupResult,
  MergeResult,
  PullResult,
  PushResult,
  RedemptionResult,
  VoucherClaimResult,
  StoreDto,
  TerminalDto,
} from './dto';
import { pushOp } from './ops';
import { cardNumber, e164, epochMs, id, line, positivePoints, staffClaim, uuid } from './wire';

/**
 * The head office protocol: JSON over HTTP(S), every endpoint a POST of one JSON object
 * to `/v1/<area>/<action>`, answered with the terminal dispatcher's envelope
 * `{ ok: true, value } | { ok: false, error: { code, message, details? } }` (same error
 * codes). The service validates every input against these schemas at the edge (strict
 * objects: unknown fields are VALIDATION errors) before anything touches the database.
 *
 * auth:
 * - 'none': enrolment, which is authorised by the one-time code in the body;
 * - 'terminal': `Authorization: Bearer <terminal credential>`; the terminal's store is
 *   taken from its enrolment, never from the request;
 * - 'admin': `Authorization: Bearer <head office admin token>`;
 * - 'terminalOrAdmin': either.
 */

export type EndpointAuth = 'none' | 'terminal' | 'admin' | 'terminalOrAdmin';

export interface EndpointDef<I extends z.ZodType = z.ZodType, O = unknown, A extends EndpointAuth = EndpointAuth> {
  path: string;
  input: I;
  auth: A;
  readonly __output?: O;
}

function endpoint<O>() {
  return <I extends z.ZodType, A extends EndpointAuth>(def: {
    path: string;
    input: I;
    auth: A;
  }): EndpointDef<I, O, A> => def;
}

/**
 * What a terminal says about its outbox: how many ops wait, and the oldest one's time; with
 * a pull, also its store's offline allowance per member (absent from older terminals).
 */
const outboxReport = z.strictObject({
  depth: z.number().int().min(0).max(100_000_000),
  oldestAt: epochMs.nullable(),
  allowancePoints: z.number().int().min(0).max(1_000_000_000).optional(),
});

/** An operation id from the caller: a retry with the same id and body gets the first answer. */
const opId = uuid;

export const syncEndpoints = {
  /** A terminal joins its store with a one-time code issued at head office. */
  'enrol:join': endpoint<EnrolResult>()({
    path: '/v1/enrol/join',
    auth: 'none',
    input: z.strictObject({
      code: z.string().min(8).max(64),
      /** The terminal's own id (its `meta.terminal_id`): every op and entry carries it. */
      terminalId: uuid,
      name: line(80),
    }),
  }),

  /** The chain PIN key again (a terminal enrolled before head office handed it out at enrolment). */
  'keys:pin': endpoint<PinKeyResult>()({
    path: '/v1/keys/pin',
    auth: 'terminal',
    input: z.strictObject({}),
  }),

  /** A batch of the terminal's operations, in its sequence order. */
  'sync:push': endpoint<PushResult>()({
    path: '/v1/sync/push',
    auth: 'terminal',
    input: z.strictObject({
      ops: z.array(pushOp).min(1).max(500),
      /** The terminal's outbox as it sends this batch: how many ops wait, since when. */
      outbox: outboxReport.optional(),
    }),
  }),
  /** Member, balance, rule and reward changes since the cursor. */
  'sync:pull': endpoint<PullResult>()({
    path: '/v1/sync/pull',
    auth: 'terminal',
    input: z.strictObject({
      cursor: z.string().min(1).max(100_000),
      limit: z.number().int().min(1).max(5000).optional(),
      /**
       * The outbox after this round's push (usually empty): optional, so terminals from
       * before it still pull. Head office shows it as the terminal's queue depth.
       */
      outbox: outboxReport.optional(),
    }),
  }),
  /** The store's whole current data, page by page, then a cursor to pull from. */
  'sync:bootstrap': endpoint<BootstrapPage>()({
    path: '/v1/sync/bootstrap',
    auth: 'terminal',
    input: z.strictObject({
      next: z.string().min(1).max(100_000).optional(),
      limit: z.number().int().min(1).max(5000).optional(),
      /** As on `sync:pull`: the outbox as this download starts (optional). */
      outbox: outboxReport.optional(),
    }),
  }),

  /** Chain-wide: by card, E.164 phone or id. A merged registration resolves to its survivor. */
  'members:lookup': endpoint<MemberLookupResult>()({
    path: '/v1/members/lookup',
    auth: 'terminalOrAdmin',
    input: z.union([z.strictObject({ cardNumber }), z.strictObject({ phone: e164 }), z.strictObject({ memberId: id })]),
  }),
  /**
   * A manager merges a duplicate registration into the survivor. History is not
   * rewritten: a merge record, and the merged balance moves by two new entries.
   */
  'members:merge': endpoint<MergeResult>()({
    path: '/v1/members/merge',
    auth: 'terminalOrAdmin',
    input: z.strictObject({
      opId,
      survivorId: id,
      mergedId: id,
      reason: line(200, 3),
      /** Required from a terminal (a manager or owner); absent from the admin. */
      staff: staffClaim.optional(),
    }),
  }),
  /** A block of card numbers only this terminal will hand out. */
  'cards:block': endpoint<CardBlockDto>()({
    path: '/v1/cards/block',
    auth: 'terminal',
    input: z.strictObject({ opId, size: z.number().int().min(10).max(10_000).optional() }),
  }),

  /** Online redemption: head office decides; never more than balance − held. */
  'redeem:online': endpoint<RedemptionResult>()({
    path: '/v1/redeem/online',
    auth: 'terminal',
    input: z.strictObject({
      opId,
      memberId: id,
      points: positivePoints,
      rewardId: uuid.nullable().optional(),
      /** Spend from this terminal's hold for the member instead of the free balance. */
      holdId: id.nullable().optional(),
      /**
       * The terminal's rules' `minBalanceToSpend`: points may be spent only from a balance
       * (free, or the hold's member balance) of at least this; refused 'belowMinBalance'.
       */
      minBalance: z.number().int().min(0).max(1_000_000_000).optional(),
      staff: staffClaim.nullable().optional(),
    }),
  }),
  /**
   * Online voucher use: head office marks the voucher used for this op, or refuses
   * 'voucherUsed' (details usedAt, usedStore) / 'voucherWithdrawn'; a retry is the same claim.
   */
  'vouchers:claim': endpoint<VoucherClaimResult>()({
    path: '/v1/vouchers/claim',
    auth: 'terminal',
    input: z.strictObject({
      opId,
      voucherId: id,
      receiptNo: line(40).nullable(),
      usedAt: epochMs,
    }),
  }),
  /** Reserve points while online, to spend at this terminal while offline. */
  'holds:take': endpoint<HoldResult>()({
    path: '/v1/holds/take',
    auth: 'terminal',
    input: z.strictObject({
      opId,
      memberId: id,
      points: positivePoints,
      ttlMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
      staff: staffClaim.nullable().optional(),
    }),
  }),
  'holds:release': endpoint<HoldResult>()({
    path: '/v1/holds/release',
    auth: 'terminal',
    input: z.strictObject({ holdId: id }),
  }),

  // ---------------------------------------------------------------- head office (admin)
  'admin:createStore': endpoint<StoreDto>()({
    path: '/v1/admin/create-store',
    auth: 'admin',
    input: z.strictObject({ name: line(80) }),
  }),
  'admin:issueEnrolmentCode': endpoint<EnrolmentCodeDto>()({
    path: '/v1/admin/issue-enrolment-code',
    auth: 'admin',
    input: z.strictObject({
      storeId: uuid,
      ttlMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .optional(),
    }),
  }),
  'admin:revokeTerminal': endpoint<TerminalDto>()({
    path: '/v1/admin/revoke-terminal',
    auth: 'admin',
    input: z.strictObject({ terminalId: uuid }),
  }),
  'admin:listTerminals': endpoint<TerminalDto[]>()({
    path: '/v1/admin/list-terminals',
    auth: 'admin',
    input: z.strictObject({ storeId: uuid.optional() }),
  }),
  /** A rule set for the chain (storeId null) or one store, in force from effectiveFrom. */
  'admin:saveRules': endpoint<{ id: string; version: number }>()({
    path: '/v1/admin/save-rules',
    auth: 'admin',
    input: z.strictObject({ storeId: uuid.nullable(), effectiveFrom: epochMs, rules: ruleSetSchema }),
  }),
  'admin:saveReward': endpoint<{ id: string; version: number }>()({
    path: '/v1/admin/save-reward',
    auth: 'admin',
    input: z.strictObject({ id: uuid.optional(), storeId: uuid.nullable(), reward: headOfficeRewardInput }),
  }),
  /** Every cached balance against the sum of its journal (and held against the holds). */
  'admin:checkJournal': endpoint<JournalCheckResult>()({
    path: '/v1/admin/check-journal',
    auth: 'admin',
    input: z.strictObject({}),
  }),
  'admin:auditHead': endpoint<AuditHeadDto>()({
    path: '/v1/admin/audit-head',
    auth: 'admin',
    input: z.strictObject({ terminalId: uuid }),
  }),
  /** Forget pull changes older than the retention; cursors from before then must resync. */
  'admin:pruneChanges': endpoint<{ deleted: number; prunedBelow: string }>()({
    path: '/v1/admin/prune-changes',
    auth: 'admin',
    input: z.strictObject({ retentionMinutes: z.number().int().min(0).max(10_000_000) }),
  }),
} as const;

export type SyncEndpoints = typeof syncEndpoints;
export type EndpointName = keyof SyncEndpoints;
export type EndpointInput<E extends EndpointName> = z.input<SyncEndpoints[E]['input']>;
export type EndpointParsedInput<E extends EndpointName> = z.output<SyncEndpoints[E]['input']>;
export type EndpointOutput<E extends EndpointName> =
  SyncEndpoints[E] extends EndpointDef<z.ZodType, infer O, EndpointAuth> ? O : never;

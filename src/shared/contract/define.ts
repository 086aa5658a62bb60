import type { z } from 'zod';
import type { Access } from '../roles';
import type { Refusal } from './refusals';
import type { ApprovalPolicies } from '../settings/approval';

/**
 * What a channel does to the store, which decides how the dispatcher runs it:
 * - 'read': a DEFERRED transaction on the read-only connection (SQLite refuses writes);
 * - 'write': one IMMEDIATE transaction on the writer, audit record and operation log inside it;
 * - 'job': long, async work (export, backup, restore, import) that opens its own short
 *   transactions so the counter is served in between; it records its own audit.
 */
export type Effect = 'read' | 'write' | 'job';

/** Who an audit record names, and what the handler noted for it (see `Noted`). */
export interface AuditCall<N> {
  actor: { staffId: string; username: string } | null;
  notes: N;
}

/**
 * The audit record the dispatcher appends after the handler, in the same transaction.
 * The functions pick what is recorded from the parsed input and the result (and the
 * handler's notes, for facts in neither); they must never pick a PIN, password, code,
 * token or reset secret.
 */
export interface RecordedAudit<I, O, N> {
  action: string;
  target?: (input: I, output: O, call: AuditCall<N>) => string | null;
  details?: (input: I, output: O, call: AuditCall<N>) => Record<string, unknown>;
  /** Several records of `action` instead of one (settings: one per changed key; none when nothing changed). */
  each?: (input: I, output: O, call: AuditCall<N>) => { target: string | null; details: Record<string, unknown> }[];
  /** Record only when this holds (e.g. something actually changed). */
  when?: (input: I, output: O, call: AuditCall<N>) => boolean;
  /** The actor to name when it is not the session's (sign-in: the staff member who signed in). */
  actor?: (input: I, output: O) => { staffId: string; username: string };
}

/** A job's record: written by the job itself (the scheduler runs the same jobs without a call). */
export interface JobAudit {
  action: string;
  recordedBy: 'job';
}

/** Which policy an action crossed (settings/approval.ts holds their limits). */
export const APPROVAL_POLICIES = [
  'awardLimit',
  'reverseOld',
  'reverseOthers',
  'pinReset',
  'contactReveal',
  'adjustBelowZero',
] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** Why an operation needs a manager: the policy, and the figures the manager is shown. */
export interface ApprovalNeed {
  policy: ApprovalPolicy;
  /** Small facts for the dialog and the audit record (amounts, limits, minutes): never a secret. */
  facts: Record<string, string | number | boolean | null>;
  /**
   * A manager's call is asked too (a second manager or the owner approves; the approver
   * is never the requester). Owners are never asked. Default: cashiers only.
   */
  alsoManagers?: true;
}

/** What an approval rule reads besides the input and the output. */
export interface ApprovalCall<N> {
  notes: N;
  /** The signed-in staff member (the requester). */
  actor: { staffId: string };
  /** The approval settings in force (settings/approval.ts). */
  policies: ApprovalPolicies;
  now: number;
}

/**
 * Manager approval (the "manager override"): the dispatcher runs the handler, then asks
 * `needed` with the input, the output and the handler's notes — the facts a policy reads
 * (points earned, who made a redemption) are only known there. When a cashier's call
 * needs one and carries no valid approval, the whole transaction rolls back and the call
 * is refused `approvalRequired`; the renderer asks a manager on the same screen
 * (`staff:approve`) and sends the same operation again. The approval is bound to that
 * operation (channel, op id, payload hash) and the cashier's session, single use,
 * valid 2 minutes (core/approval-step.ts). Managers and owners are never asked.
 * A channel with an approval lists `approvalRequired` among its refusals.
 */
export interface ApprovalSpec<I, O = unknown, N = unknown> {
  needed: (input: I, output: O, call: ApprovalCall<N>) => ApprovalNeed | null;
}

/**
 * How the operation log keeps an idempotent write's result when the result itself must
 * not stay there for the retention (a member record: name, phone, email — after an
 * erasure too): `keep` picks the ids to store, and a retry gets the read channel
 * `reread`'s answer for them, run in the retry's transaction — after an erasure, the
 * erased record. `keep`'s fields are `reread`'s input (checked in index.ts).
 */
export interface StoredResult<
  O,
  C extends string = string,
  K extends Record<string, unknown> = Record<string, unknown>,
> {
  keep: (output: O) => K;
  reread: C;
}

/**
 * A per-session token bucket (core/rate-limit-step.ts): each call takes one token from
 * the session's bucket `bucket` (channels naming the same bucket share it), which holds
 * at most `burst` and refills `perSecond`. An empty bucket refuses `lookupsThrottled`
 * (the channel lists it) before validation or handler, and the first refusal of a burst
 * writes one `audit` record (not one per query); the burst ends once the bucket is full again.
 */
export interface RateLimitSpec {
  bucket: string;
  burst: number;
  perSecond: number;
  audit: string;
}

/** Fields every channel definition has, whatever its types. */
interface ChannelRules<E extends Effect = Effect, V extends readonly string[] = readonly string[]> {
  access: Access;
  effect: E;
  /** Input carries `opId`: the first result is replayed, the same id with another payload is CONFLICT. */
  idempotent?: true;
  /** A background read (status bar timer): not activity for the idle lock. */
  passive?: true;
  /** Allowed on a locked terminal. */
  whileLocked?: true;
  /**
   * Served while the owner restores a backup. Every other call gets the store-wide
   * refusal `restoreInProgress` (core/write-gate.ts): a write acknowledged then would be
   * copied over, a read could show a member erased since the backup. Only the status
   * reads the screens poll to show that a restore is running.
   */
  whileRestoring?: true;
  /** Read channels the renderer refreshes after this one succeeds (checked in index.ts). */
  invalidates?: V;
  /** Per-session rate limit (a harvest through search is throttled and audited). */
  rateLimit?: RateLimitSpec;
}

/**
 * One IPC channel: the zod schema its input must pass (checked in main, never only in
 * the renderer), who may call it, everything the dispatcher does around its handler,
 * and — as phantom types — what it returns and what its handler notes for the audit.
 */
export interface ChannelDef<
  I extends z.ZodType = z.ZodType,
  O = unknown,
  R extends readonly Refusal[] = readonly Refusal[],
  N = unknown,
  E extends Effect = Effect,
  V extends readonly string[] = readonly string[],
  S extends string = string,
  K extends Record<string, unknown> = Record<string, unknown>,
> extends ChannelRules<E, V> {
  input: I;
  /** Every reason this channel can refuse with, in precedence order. */
  refusals: R;
  audit?: RecordedAudit<z.output<I>, O, N> | JobAudit;
  approval?: ApprovalSpec<z.output<I>, O, N>;
  /** Idempotent writes only: what the operation log keeps of the result (default: all of it). */
  storedResult?: StoredResult<O, S, K>;
  /** Phantom: never set at runtime, carries the output type. */
  readonly __output?: O;
  /** Phantom: what the handler hands the audit record besides input and output. */
  readonly __notes?: { notes: N };
}

/** `idempotent: true` only type-checks on a channel whose input has an `opId`. */
type HasOpId<I extends z.ZodType> = 'opId' extends keyof z.output<I> ? true : never;

/**
 * `channel<Output>()({ input, access, effect, refusals, ... })` — curried so the input
 * and refusal types are inferred. `channel<Output, Notes>()` when the handler returns
 * `noted(output, notes)` for its audit record.
 */
export function channel<O, N = never>() {
  return <
    I extends z.ZodType,
    const R extends readonly Refusal[],
    E extends Effect,
    const V extends readonly string[] = [],
    const S extends string = never,
    K extends Record<string, unknown> = Record<string, unknown>,
  >(
    def: ChannelRules<E, V> & {
      input: I;
      refusals: R;
      idempotent?: HasOpId<I>;
      audit?: RecordedAudit<z.output<I>, O, N> | JobAudit;
      approval?: ApprovalSpec<z.output<I>, O, N>;
      storedResult?: StoredResult<O, S, K>;
    },
  ): ChannelDef<I, O, R, N, E, V, S, K> => def;
}

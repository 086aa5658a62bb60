import type { z } from 'zod';
import { REFUSALS, contract, isChannelName, isRefusal, type ChannelName } from '../../shared/contract';
import type {
  ApprovalSpec,
  AuditCall,
  Effect,
  JobAudit,
  RecordedAudit,
  RateLimitSpec,
  StoredResult,
} from '../../shared/contract/define';
import type { Result } from '../../shared/errors';
import { isAllowed, type Access } from '../../shared/roles';
import type { Actor, CoreConfig, HandlerContext, MemberDataSection, ReadContext } from './context';
import type { Db } from './db/open-database';
import { AppError, reasonOf, refusal } from './errors';
import type { AllHandlers } from './handler-types';
import { Noted } from './handler-types';
import { priorResult, recordOperation } from './operations';
import { appendAudit } from './audit/audit-log';
import { invalidateSettingsCache, readSettings } from './settings/settings-store';
import type { Session, SessionStore } from './staff/sessions';
import { writeGateReason } from './write-gate';
import { markOutbox, writeOutbox } from './sync/outbox-step';
import { claimVoucherOnline, voucherClaimOf } from './sync/voucher-claim';
import { decideChainSpend, spendsPoints, type ChainSpend } from './sync/chain-spend';
import { inChainMode } from './sync/state';
import { staffClaimOf } from './sync/capture-ops';
import { approvalStep, type UsedApproval } from './approval-step';
import { createRateLimiter } from './rate-limit-step';
import type { OffThread } from './reports/off-thread';

export interface DispatchMeta {
  /** The opaque session token the renderer holds (absent before sign-in). */
  token?: unknown;
}

export type Dispatch = (channel: unknown, input: unknown, meta?: DispatchMeta) => Promise<Result<unknown>>;

export interface Logger {
  error(message: string, err?: unknown): void;
}

interface DispatcherDeps {
  /** The one writer connection. */
  db: Db;
  /** A read-only connection to the same file (the writer itself for an in-memory store). */
  reader: Db;
  terminalId: string;
  sessions: SessionStore;
  handlers: AllHandlers;
  memberData: ReadonlyMap<string, MemberDataSection>;
  config: CoreConfig;
  log: Logger;
  /**
   * Treat contract violations as bugs: a refusal the channel does not declare, or a
   * handler writing its channel's own audit record, becomes INTERNAL (and is rolled
   * back). Tests run strict; production logs them and answers as the handler did.
   */
  strict: boolean;
  /** Called after every write or job call (checkpoint-policy.ts paces the WAL checkpoint by it). */
  afterWrite?: () => void;
  /** Read channels answered by a worker thread instead (reports/off-thread.ts). */
  offThread?: OffThread;
}

/** A channel definition as the dispatcher reads it, whatever its types. */
interface AnyChannel {
  input: z.ZodType;
  access: Access;
  effect: Effect;
  idempotent?: true;
  passive?: true;
  whileLocked?: true;
  whileRestoring?: true;
  refusals: readonly string[];
  audit?: RecordedAudit<unknown, unknown, unknown> | JobAudit;
  approval?: ApprovalSpec<unknown, unknown, unknown>;
  storedResult?: StoredResult<unknown>;
  rateLimit?: RateLimitSpec;
}

/** A transaction wrapper that runs the function it is given. */
interface Txn {
  deferred<T>(run: () => T): T;
  immediate<T>(run: () => T): T;
}
type AnyHandler = (ctx: unknown, input: unknown) => unknown;
type AuditActor = { staffId: string; username: string } | null;

/**
 * VALIDATION details: one issue per problem, with zod's issue code and bounds so the
 * renderer can say it in the cashier's language (`too_big` + maximum 80 + origin string
 * → "at most 80 characters") instead of showing zod's English.
 */
export interface ValidationIssue {
  path: string;
  /** zod v4 issue code: too_big, too_small, invalid_type, invalid_format, unrecognized_keys, custom, ... */
  code: string;
  message: string;
  minimum?: number;
  maximum?: number;
  /** invalid_format: email, regex, uuid, ... */
  format?: string;
  /** too_big / too_small: what was measured — string (length), number, array (items), ... */
  origin?: string;
  /** invalid_type: the type that was expected. */
  expected?: string;
  /** unrecognized_keys: the keys that are not allowed. */
  keys?: string[];
  /** custom: which of the contract's own checks failed (`params.rule`: blank, multiLine, controlChars). */
  rule?: string;
}

function toIssue(i: z.core.$ZodIssue): ValidationIssue {
  const raw = i as unknown as Record<string, unknown>;
  const out: ValidationIssue = { path: i.path.map(String).join('.'), code: i.code, message: i.message };
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const minimum = num(raw.minimum);
  // A custom check may name its bound in its params (common.ts: the limit after NFKC).
  const maximum = num(raw.maximum ?? (raw.params as { maximum?: unknown } | undefined)?.maximum);
  if (minimum !== undefined) out.minimum = minimum;
  if (maximum !== undefined) out.maximum = maximum;
  if (str(raw.format)) out.format = str(raw.format);
  if (str(raw.origin)) out.origin = str(raw.origin);
  if (str(raw.expected)) out.expected = str(raw.expected);
  if (Array.isArray(raw.keys)) out.keys = raw.keys.map(String).slice(0, 20);
  const rule = (raw.params as { rule?: unknown } | undefined)?.rule;
  if (typeof rule === 'string') out.rule = rule;
  return out;
}

function validationError(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map(toIssue);
  const first = issues[0];
  const message = first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input';
  return new AppError('VALIDATION', message, { issues });
}

const fail = (e: AppError): Result<unknown> => ({ ok: false, error: e.toBody() });
const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
const unwrap = (raw: unknown): { output: unknown; notes: unknown } =>
  raw instanceof Noted ? { output: raw.output, notes: raw.notes } : { output: raw, notes: undefined };
const opIdOf = (input: unknown): string | undefined => {
  const v = (input as { opId?: unknown } | null)?.opId;
  return typeof v === 'string' ? v : undefined;
};

/**
 * The one way in. Every caller — Electron IPC, the test host, tests, benchmarks — goes
 * through the same fixed pipeline, driven by the channel's contract entry:
 *
 *   1. channel known          unknown name → VALIDATION
 *   1b. store open            while a restore runs (write-gate.ts) → CONFLICT `restoreInProgress`
 *                             unless `whileRestoring`; first, because a denial below is audited (a write)
 *   2. session / lock         no session → UNAUTHENTICATED (audited), locked → LOCKED unless `whileLocked`
 *   3. role                   `access` → FORBIDDEN (audited)
 *   3b. rate limit            `rateLimit`: the session's token bucket → CONFLICT `lookupsThrottled`
 *                             (rate-limit-step.ts; one audit record per burst, not per call)
 *   4. validate               zod → VALIDATION with `issues`; then the call counts as activity unless `passive`
 *   5. approval               declared only on writes (checked in step 6b, inside the transaction)
 *   6. run by `effect`:
 *      read   DEFERRED transaction on the read-only connection → handler
 *      write  IMMEDIATE transaction on the writer → idempotency (replay or CONFLICT) → handler
 *             → 6b. manager approval (approval-step.ts: a cashier's call crossing a policy is refused
 *             `approvalRequired` and rolled back until a manager approves that one operation)
 *             → audit record (declared) → outbox rows (chain mode) → operation log (the result, or the ids `storedResult`
 *             names, re-read by its read channel on a replay) → commit
 *      job    handler on its own (it opens short transactions and records its own audit)
 *   7. result                 `{ ok:true, value }`, or the handler's refusal if the channel
 *                             declares it; anything else is INTERNAL, logged, never leaked
 */
export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const { db, reader, sessions, config, log } = deps;
  // Transaction wrappers made once: db.transaction() builds a new wrapper (four closures)
  // each time it is called, which the award path paid on every call.
  const inWrite = db.transaction((run: () => unknown) => run()) as unknown as Txn;
  const inRead = reader.transaction((run: () => unknown) => run()) as unknown as Txn;
  const afterWrite = deps.afterWrite ?? (() => {});
  const limiter = createRateLimiter();

  const writeAudit = (actor: AuditActor, action: string, target: string | null, details: Record<string, unknown>) =>
    appendAudit(db, {
      at: config.now(),
      terminalId: deps.terminalId,
      actorId: actor?.staffId ?? null,
      actorName: actor?.username ?? null,
      action,
      target,
      details,
    });

  /** Denials are audited in their own transaction: there is no handler transaction. */
  const auditDenial = (actor: Actor | null, action: string, details: Record<string, unknown>) => {
    try {
      inWrite.immediate(() => writeAudit(actor, action, null, details));
    } catch (err) {
      log.error('could not audit a denial', err);
    }
  };

  /** A contract violation: logged always, INTERNAL in strict mode. */
  const violation = (message: string): AppError | null => {
    log.error(message);
    return deps.strict ? new AppError('INTERNAL', message) : null;
  };

  /** Declared on the channel, and with the catalogue's code (so the renderer can trust both). */
  const isDeclared = (def: AnyChannel, err: AppError) => {
    const reason = reasonOf(err);
    return (
      reason !== undefined && def.refusals.includes(reason) && isRefusal(reason) && REFUSALS[reason].code === err.code
    );
  };

  /** Step 7 for errors: a declared refusal passes, anything else is a bug. */
  const toResult = (channel: ChannelName, def: AnyChannel, err: unknown): Result<unknown> => {
    if (err instanceof AppError && err.code !== 'INTERNAL') {
      const reason = reasonOf(err);
      if (!isDeclared(def, err)) {
        const bug = violation(
          `${channel} refused with ${err.code} ${reason ?? 'and no reason'}, which its contract does not declare`,
        );
        if (bug) return fail(bug);
      }
      return fail(err);
    }
    if (err instanceof AppError) return fail(err);
    log.error(`internal error in ${channel}`, err);
    return fail(new AppError('INTERNAL', 'Something went wrong; nothing was changed. Please try again.'));
  };

  /** Step 6 (write): the audit record the contract declares, in the handler's transaction. */
  const recordAudit = (def: AnyChannel, input: unknown, output: unknown, notes: unknown, actor: AuditActor) => {
    const spec = def.audit;
    if (!spec || 'recordedBy' in spec) return;
    const call: AuditCall<unknown> = { actor, notes };
    if (spec.when && !spec.when(input, output, call)) return;
    const as = spec.actor ? spec.actor(input, output) : actor;
    const records = spec.each
      ? spec.each(input, output, call)
      : [{ target: spec.target?.(input, output, call) ?? null, details: spec.details?.(input, output, call) ?? {} }];
    for (const r of records) writeAudit(as, spec.action, r.target, r.details);
  };

  return async function dispatch(channel, input, meta = {}) {
    // 1. channel known
    if (!isChannelName(channel)) {
      return fail(new AppError('VALIDATION', 'Unknown channel', { channel: String(channel).slice(0, 60) }));
    }
    const def = contract[channel] as unknown as AnyChannel;

    // 1b. store open: a store-wide refusal every channel can meet (STORE_REFUSALS).
    const gate = writeGateReason(config);
    if (gate && !def.whileRestoring) return fail(refusal(gate));
    const now = config.now();

    // 2. session / lock
    const session = sessions.get(meta.token);
    if (session) sessions.applyIdleLock(session, now, readSettings(db).idleLockMinutes);
    const actor = session ? actorOf(session) : null;
    if (def.access !== 'public') {
      if (!actor) {
        auditDenial(null, 'auth.denied', { channel, reason: 'unauthenticated' });
        return fail(new AppError('UNAUTHENTICATED', 'Please sign in'));
      }
      if (session!.locked && !def.whileLocked) {
        return fail(new AppError('LOCKED', 'The terminal is locked: enter your password to unlock'));
      }
      // 3. role
      if (!isAllowed(def.access, actor.role)) {
        auditDenial(actor, 'auth.forbidden', { channel, role: actor.role });
        return fail(new AppError('FORBIDDEN', 'Your role may not do this', { channel }));
      }
      // 3b. rate limit: before validation, so malformed calls cost a token too.
      if (def.rateLimit) {
        const taken = limiter.take(session!, def.rateLimit, now);
        if (!taken.ok) {
          if (taken.burstStarted) {
            const { burst, perSecond } = def.rateLimit;
            auditDenial(actor, def.rateLimit.audit, {
              channel,
              burst,
              perSecond,
              refusedInLastBurst: taken.refusedInLastBurst,
            });
          }
          return fail(refusal('lookupsThrottled', { retryAfterMs: taken.retryAfterMs }));
        }
      }
    }

    // 4. validate
    const parsed = def.input.safeParse(input);
    if (!parsed.success) return fail(validationError(parsed.error));
    if (session && !session.locked && !def.passive) session.lastActivityAt = now;

    // 5. approval: only writes can be approved (the step runs inside their transaction).
    if (def.approval && def.effect !== 'write') {
      const bug = violation(`${channel} declares an approval but is not a write`);
      if (bug) return fail(bug);
    }

    // 6. run by effect
    const handler = deps.handlers[channel] as AnyHandler;
    const auditActor: AuditActor = actor ? { staffId: actor.staffId, username: actor.username } : null;
    const ownAction = def.audit && !('recordedBy' in def.audit) ? def.audit.action : null;
    const base = {
      now: config.now,
      terminalId: deps.terminalId,
      actor,
      requireActor() {
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in');
        return actor;
      },
      settings: () => readSettings(db),
      sessions,
      config,
      refuse: refusal,
      memberData: deps.memberData,
    };
    const writeCtx: HandlerContext<never> = {
      ...base,
      db,
      audit: (action, target = null, details = {}, as) => {
        if (action === ownAction) {
          const bug = violation(`${channel} wrote its own audit record (${action}); the contract declares it`);
          if (bug) throw bug;
        }
        writeAudit(as ?? auditActor, action, target, details);
      },
    };

    /** A replayed result stored as ids: its read channel's answer now, on the writer (inside this transaction). */
    const reread = (spec: StoredResult<unknown>, stored: unknown): unknown => {
      const via = contract[spec.reread as ChannelName] as unknown as AnyChannel;
      const readCtx: ReadContext<never> = { ...base, db };
      return unwrap(
        synchronous(
          spec.reread,
          (deps.handlers[spec.reread as ChannelName] as AnyHandler)(readCtx, via.input.parse(stored)),
        ),
      ).output;
    };

    // Set inside the transaction; given back if it does not commit.
    const used: { approval: UsedApproval | null } = { approval: null };
    let chainSpend: ChainSpend | undefined;
    try {
      // 5b. chain spend (sync/chain-spend.ts): in chain mode a spend of points is probed
      // (the handler in a rolled-back transaction), then decided by head office, outside
      // any transaction; the real run below gets the decision.
      if (def.effect === 'write' && spendsPoints(channel, parsed.data) && inChainMode(db)) {
        const probe: ChainSpend = { mode: 'probe', request: null };
        let refused = false;
        try {
          inWrite.immediate(() => {
            const op = def.idempotent ? (parsed.data as { opId: string } & Record<string, unknown>) : null;
            if (op && priorResult(db, channel, op)) return; // a replay: answered from the log below
            unwrap(synchronous(channel, handler({ ...writeCtx, chainSpend: probe }, parsed.data)));
            throw PROBED;
          });
        } catch (err) {
          refused = err !== PROBED; // the same refusal comes again from the real run, with its writes kept
        }
        if (refused) chainSpend = { mode: 'recheck' };
        else if (probe.request) {
          const decision = await decideChainSpend(
            { db, config, terminalId: deps.terminalId },
            { ...probe.request, opId: opIdOf(parsed.data) ?? '', staff: staffClaimOf(actor) },
          );
          if (decision.kind === 'refused') return toResult(channel, def, decision.error);
          chainSpend = decision.spend;
        }
      }
      // 5c. voucher use (sync/voucher-claim.ts): in chain mode, after a probe of the local
      // checks, head office claims the voucher (one chain-wide use) outside any transaction.
      const claim =
        def.effect === 'write' ? voucherClaimOf(channel, parsed.data, spendsPoints(channel, parsed.data)) : null;
      if (claim && inChainMode(db)) {
        const input = parsed.data as { opId: string } & Record<string, unknown>;
        let ask = false;
        try {
          inWrite.immediate(() => {
            if (priorResult(db, channel, input)) return; // a replay: answered from the log below
            unwrap(synchronous(channel, handler(writeCtx, parsed.data)));
            throw PROBED;
          });
        } catch (err) {
          ask = err === PROBED; // a local refusal comes again from the real run
        }
        if (ask) {
          const refused = await claimVoucherOnline({ db, config, terminalId: deps.terminalId }, claim);
          if (refused) return toResult(channel, def, refused);
        }
      }
      if (def.effect === 'job') {
        try {
          return ok(unwrap(await handler(writeCtx, parsed.data)).output);
        } finally {
          afterWrite();
        }
      }
      if (def.effect === 'read') {
        if (deps.offThread?.handles(channel)) return ok(await deps.offThread.run(channel, parsed.data, now));
        const readCtx: ReadContext<never> = { ...base, db: reader };
        const run = () => synchronous(channel, handler(readCtx, parsed.data));
        return ok(unwrap(reader !== db ? inRead.deferred(run) : queryOnly(db, () => inRead.deferred(run))).output);
      }
      // better-sqlite3 transactions are synchronous: an AppError with keepWrites is
      // returned (commit) rather than thrown (rollback), so a failed sign-in still counts.
      try {
        return inWrite.immediate((): Result<unknown> => {
          const opId = def.idempotent ? opIdOf(parsed.data) : undefined;
          const op = opId ? (parsed.data as { opId: string } & Record<string, unknown>) : null;
          let replay: { value: unknown } | null = null;
          try {
            replay = op ? priorResult(db, channel, op) : null;
          } catch (err) {
            if (err instanceof AppError) return fail(err); // the op id was used for another request
            throw err;
          }
          if (replay) return ok(def.storedResult ? reread(def.storedResult, replay.value) : replay.value);
          const outbox = markOutbox(db); // chain mode: the outbox step below (sync/outbox-step.ts)
          let outcome: { output: unknown; notes: unknown };
          try {
            outcome = unwrap(
              synchronous(channel, handler(chainSpend ? { ...writeCtx, chainSpend } : writeCtx, parsed.data)),
            );
          } catch (err) {
            // A declared refusal that must leave a trace commits; anything else rolls back.
            if (err instanceof AppError && err.keepWrites && isDeclared(def, err)) return fail(err);
            throw err;
          }
          // 6b. manager approval (approval-step.ts): refused → the handler's writes roll back.
          if (def.approval) {
            used.approval = approvalStep({
              channel,
              approval: def.approval,
              session,
              sessions,
              input: parsed.data,
              output: outcome.output,
              notes: outcome.notes,
              settings: readSettings(db),
              now: config.now(),
            });
            if (used.approval) {
              const { request } = used.approval;
              writeAudit(auditActor, 'approval.used', request.grant!.approverId, {
                channel,
                opId: request.opId,
                policy: request.need.policy,
                approvedBy: request.grant!.approverUsername,
                requestedBy: request.requesterUsername,
              });
            }
          }
          recordAudit(def, parsed.data, outcome.output, outcome.notes, auditActor);
          writeOutbox(db, outbox, { channel, opId, at: config.now(), actor });
          if (op) {
            const kept = def.storedResult ? def.storedResult.keep(outcome.output) : outcome.output;
            recordOperation(db, config.now(), channel, op, kept);
          }
          return ok(outcome.output);
        });
      } finally {
        afterWrite();
      }
    } catch (err) {
      used.approval?.undo();
      invalidateSettingsCache(db);
      if (err instanceof AppError && reasonOf(err) === 'approvalRequired') {
        // The refusal rolled everything back; that a manager was asked for still leaves a trace.
        auditDenial(actor, 'approval.required', { channel, policy: err.details?.policy, facts: err.details?.facts });
      }
      return toResult(channel, def, err);
    }
  };
}

/** Thrown to roll back a chain spend's probe (dispatcher step 5b). */
const PROBED = Symbol('probed');

function actorOf(session: Session): Actor {
  return {
    staffId: session.staffId,
    username: session.username,
    displayName: session.displayName,
    role: session.role,
    token: session.token,
  };
}

/** Reads and writes run inside a synchronous transaction: a promise there is a bug. */
function synchronous(channel: string, value: unknown): unknown {
  if (value instanceof Promise) throw new Error(`handler for ${channel} returned a Promise inside a transaction`);
  return value;
}

/**
 * A read runs in one DEFERRED transaction (a consistent snapshot across the handler's
 * queries) on the read-only connection, where SQLite itself refuses writes. An in-memory
 * store has no second connection: the writer is made query-only for the read instead.
 */
function queryOnly<T>(writer: Db, run: () => T): T {
  writer.pragma('query_only = ON');
  try {
    return run();
  } finally {
    writer.pragma('query_only = OFF');
  }
}

export type { ChannelName };

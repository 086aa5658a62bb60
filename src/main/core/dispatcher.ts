import type { z } from 'zod';
import {
  contract,
  isChannelName,
  CHANNELS_ALLOWED_WHILE_LOCKED,
  PASSIVE_CHANNELS,
  type ChannelName,
} from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { isAllowed } from '../../shared/roles';
import type { Actor, CoreConfig, HandlerContext } from './context';
import type { Db } from './db/open-database';
import { AppError } from './errors';
import type { AllHandlers } from './handler-types';
import { isSelfTransacting } from './handler-types';
import { appendAudit } from './audit/audit-log';
import { invalidateSettingsCache, readSettings } from './settings/settings-store';
import type { SessionStore } from './staff/sessions';
import { writeGateRefusal } from './write-gate';

export interface DispatchMeta {
  /** The opaque session token the renderer holds (absent before sign-in). */
  token?: unknown;
}

export type Dispatch = (channel: unknown, input: unknown, meta?: DispatchMeta) => Promise<Result<unknown>>;

export interface Logger {
  error(message: string, err?: unknown): void;
}

interface DispatcherDeps {
  db: Db;
  terminalId: string;
  sessions: SessionStore;
  handlers: AllHandlers;
  config: CoreConfig;
  log: Logger;
}

/** Turns zod issues into `{ path, message }` the renderer can place next to a field. */
function validationError(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const first = issues[0];
  const message = first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input';
  return new AppError('VALIDATION', message, { issues });
}

/**
 * The one way in. Every caller — Electron IPC, the test host, tests, benchmarks —
 * goes through here: channel known? session valid and unlocked? role allowed? input
 * valid? Then the handler runs in one IMMEDIATE transaction; an error rolls it back.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const { db, sessions, config, log } = deps;

  const writeAudit = (
    actor: Pick<Actor, 'staffId' | 'username'> | null,
    action: string,
    target: string | null,
    details: Record<string, unknown>,
  ) =>
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
      db.transaction(() => writeAudit(actor, action, null, details)).immediate();
    } catch (err) {
      log.error('could not audit a denial', err);
    }
  };

  const fail = (e: AppError): Result<unknown> => ({ ok: false, error: e.toBody() });

  return async function dispatch(channel, input, meta = {}) {
    if (!isChannelName(channel)) {
      return fail(new AppError('VALIDATION', 'Unknown channel', { channel: String(channel).slice(0, 60) }));
    }
    // Hook: the core-wide write gate (write-gate.ts) — closed while a restore runs.
    const gated = writeGateRefusal(config, channel);
    if (gated) return fail(gated);

    const def = contract[channel];
    const now = config.now();
    const session = sessions.get(meta.token);
    let actor: Actor | null = null;
    if (session) {
      sessions.applyIdleLock(session, now, readSettings(db).idleLockMinutes);
      actor = {
        staffId: session.staffId,
        username: session.username,
        displayName: session.displayName,
        role: session.role,
        token: session.token,
      };
    }

    if (def.access !== 'public') {
      if (!actor) {
        auditDenial(null, 'auth.denied', { channel, reason: 'unauthenticated' });
        return fail(new AppError('UNAUTHENTICATED', 'Please sign in'));
      }
      if (session!.locked && !CHANNELS_ALLOWED_WHILE_LOCKED.has(channel)) {
        return fail(new AppError('LOCKED', 'The terminal is locked: enter your password to unlock'));
      }
      if (!isAllowed(def.access, actor.role)) {
        auditDenial(actor, 'auth.forbidden', { channel, role: actor.role });
        return fail(new AppError('FORBIDDEN', 'Your role may not do this', { channel }));
      }
    }

    const parsed = (def.input as z.ZodType).safeParse(input);
    if (!parsed.success) return fail(validationError(parsed.error));

    if (session && !session.locked && !PASSIVE_CHANNELS.has(channel)) session.lastActivityAt = now;

    const ctx: HandlerContext = {
      db,
      now: config.now,
      terminalId: deps.terminalId,
      actor,
      requireActor() {
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in');
        return actor;
      },
      audit: (action, target = null, details = {}, as) => writeAudit(as ?? actor, action, target, details),
      settings: () => readSettings(db),
      sessions,
      config,
    };

    const handler = deps.handlers[channel] as (c: HandlerContext, i: unknown) => unknown;
    try {
      if (isSelfTransacting(handler)) {
        return { ok: true, value: await handler(ctx, parsed.data) };
      }
      // better-sqlite3 transactions are synchronous: an AppError with keepWrites is
      // returned (commit) rather than thrown (rollback), so a failed sign-in still counts.
      const outcome = db
        .transaction((): Result<unknown> => {
          try {
            const value = handler(ctx, parsed.data);
            if (value instanceof Promise)
              throw new Error(`handler for ${channel} returned a Promise inside a transaction`);
            return { ok: true, value };
          } catch (err) {
            if (err instanceof AppError && err.keepWrites) return fail(err);
            throw err;
          }
        })
        .immediate();
      return outcome;
    } catch (err) {
      invalidateSettingsCache(db);
      if (err instanceof AppError) return fail(err);
      log.error(`internal error in ${channel}`, err);
      return fail(new AppError('INTERNAL', 'Something went wrong; nothing was changed. Please try again.'));
    }
  };
}

export type { ChannelName };

import type { MakeJobWorker } from './offline/job-threads';
import type { Db, ReadDb } from './db/open-database';
import type { Role } from '../../shared/roles';
import type { Settings } from '../../shared/settings';
import type { Refusal } from '../../shared/contract/refusals';
import type { AppError, RefuseOptions } from './errors';
import type { SessionStore } from './staff/sessions';
import type { SyncConfig } from './sync/config';
import type { ChainSpend } from './sync/chain-spend';

/** The signed-in staff member a call is made for (resolved from the opaque token). */
export interface Actor {
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  token: string;
}

/** Options that make the core testable: a clock, a terminal id, a bcrypt cost. */
export interface CoreConfig {
  dbPath: string;
  now: () => number;
  bcryptCost: number;
  /** Folder for automatic backups (pre-migration, scheduled, pre-restore). */
  backupDir: string;
  /** Head office sync (chain mode): the credential store and the network. */
  sync: SyncConfig;
  /** Worker threads for exports and imports (offline/job-threads.ts); absent: main thread. */
  jobWorker?: MakeJobWorker;
  /**
   * Test host only (test/host/server.ts; never set by src/main): awaited between the steps
   * of a main-thread export or import, so an e2e can hold a job mid-way and press Cancel
   * without racing it. Resolves at once, or when the job's signal aborts.
   */
  holdJobStep?: (signal: AbortSignal) => Promise<void>;
}

/**
 * Builds the refusal to `throw`: the code and default message come from the refusal
 * catalogue (src/shared/contract/refusals.ts), `details.reason` is the name.
 * A property, not a method, so that TypeScript checks its parameter contravariantly:
 * a context that may refuse with A | B can be handed to a helper that refuses with A,
 * never to one that refuses with C.
 */
export type Refuse<R extends Refusal> = (
  reason: R,
  details?: Record<string, unknown>,
  opts?: RefuseOptions,
) => AppError;

/**
 * What a read handler receives: the read-only connection (typed without run/exec, and
 * opened read-only so SQLite refuses writes too), the clock, the caller, the settings.
 * `R` is the set of reasons it may refuse with: a channel's handler gets exactly the
 * reasons its contract entry declares; a helper names the ones it needs.
 * Handlers never open connections or read the clock themselves.
 */
/**
 * An area's part of a member's subject-access export (`members:exportData`), under the
 * area's name: what it holds about that member, read through its own tables.
 */
export type MemberDataSection = (db: ReadDb, memberId: string) => unknown;

/** The least a helper that may refuse needs: a connection and the typed refuse. */
export interface Refuser<R extends Refusal> {
  db: ReadDb;
  refuse: Refuse<R>;
}

export interface ReadContext<R extends Refusal = never> {
  db: ReadDb;
  now(): number;
  terminalId: string;
  actor: Actor | null;
  /** The actor, or an UNAUTHENTICATED error for public channels that need one. */
  requireActor(): Actor;
  settings(): Settings;
  sessions: SessionStore;
  config: CoreConfig;
  refuse: Refuse<R>;
  /** Every area's member-data section, by area name (from the area modules). */
  memberData: ReadonlyMap<string, MemberDataSection>;
}

/**
 * What a write (or job) handler receives: the writer connection, inside the dispatcher's
 * IMMEDIATE transaction for writes. The channel's own audit record is declared in the
 * contract and written by the dispatcher; `audit` is for records of other facts (a
 * failed attempt kept with keepWrites, a job's progress).
 */
export interface HandlerContext<R extends Refusal = never> extends Omit<ReadContext<R>, 'db'> {
  db: Db;
  /**
   * Append to the audit log in this transaction. `as` names the actor when the call has
   * no session yet.
   */
  audit(
    action: string,
    target?: string | null,
    details?: Record<string, unknown>,
    as?: { staffId: string; username: string },
  ): void;
  /** Chain mode, a channel spending points: head office's decision (sync/chain-spend.ts). */
  chainSpend?: ChainSpend;
}

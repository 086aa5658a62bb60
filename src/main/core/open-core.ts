import { join, dirname } from 'node:path';
import { mkdirSync, statSync } from 'node:fs';
import type { Db } from './db/open-database';
import { openDatabase, quickCheck } from './db/open-database';
import { backupFileBeforeMigration, migrate } from './db/migrate';
import { createDispatcher, type Dispatch, type Logger } from './dispatcher';
import { AREAS, coreParts } from './areas';
import type { AreaModule } from './area';
import { SessionStore } from './staff/sessions';
import { readMeta, writeMeta } from './meta';
import { newId } from './ids';
import type { StartupCheck } from './startup-checks';
import { sameStoreAs } from './settings/settings-store';
import type { CoreConfig } from './context';
import { startupIntegrityCheck } from './checks/startup-integrity';
import {
  runChecksInBackground,
  type BackgroundChecksOptions,
  type BackgroundChecksResult,
} from './checks/off-thread-checks';
import { defaultKeyFilePath, fileKeyStore, memoryKeyStore, type KeyStore } from './keys/key-store';
import { loadStoreKeys } from './keys/load-keys';
import { bindStoreSecurity, storeSidePaths } from './keys/bound-keys';
import { secureStore } from './keys/secure-store';
import { isWriteGateClosed } from './write-gate';
import type { MakeJobWorker } from './offline/job-threads';
import { startReportThread, type MakeReportWorker, type OffThread } from './reports/off-thread';
import { installCheckpointPolicy, type CheckpointPolicy, type CheckpointPolicyOptions } from './db/checkpoint-policy';
import { bindStoredPinKey } from './sync/chain-secrets';
import { defaultCredentialPath, fileSecretStore, memorySecretStore, type SyncConfig } from './sync/config';

export interface OpenCoreOptions {
  dbPath: string;
  /** Defaults to `<db folder>/backups`. */
  backupDir?: string;
  now?: () => number;
  /** bcrypt cost; at least 10 unless `allowWeakHashingForTests` is set. */
  bcryptCost?: number;
  allowWeakHashingForTests?: boolean;
  log?: Logger;
  /**
   * Files up to this size get `quick_check` before the core serves anything (a damaged
   * file throws IntegrityError). Larger ones — quick_check reads every page, ~20 s for
   * the 11 GB benchmark store — are checked in a worker thread while the counter is
   * already open, and `core.integrity` reports the outcome. Default 256 MB (~0.5 s).
   */
  syncIntegrityCheckMaxBytes?: number;
  /**
   * A large store's background check runs on the latest verified backup when it is at most
   * this old (checks/startup-integrity.ts: no long read snapshot on the live file); else
   * on the live file, one table per step. Default 26 h; 0 always checks the live file.
   */
  integrityFromBackupMaxAgeMs?: number;
  /** Skip the start-up checks (benchmarks time them separately). */
  skipStartupChecks?: boolean;
  /**
   * Where the store's master key lives (keys/key-store.ts): the app passes the OS
   * keychain one (src/main/key-store.ts). Default: a key file beside the store
   * (`<dbPath>.key`) — what tests, the test host and benchmarks use. A keyed store whose
   * key is missing or wrong makes openCore throw AuditKeyUnavailableError.
   */
  keyStore?: KeyStore;
  /** The areas the core is made of (default: all of them; a test may add one). */
  areas?: readonly AreaModule[];
  /**
   * Contract violations are bugs: an undeclared refusal or a handler writing its own
   * channel's audit record answers INTERNAL. Default: on under a test runner
   * (NODE_ENV=test, which vitest sets), off otherwise (logged instead).
   */
  strictContract?: boolean;
  /** WAL checkpoint pacing (db/checkpoint-policy.ts); defaults suit the counter. */
  checkpoints?: CheckpointPolicyOptions;
  /** Head office sync: where the credential lives (default: a file beside the store), the network. */
  sync?: Partial<SyncConfig>;
  /**
   * Starts the reports' worker thread (reports/off-thread.ts). Without it — tests, an
   * in-memory store — reports run on the main thread's read-only connection as before.
   */
  reportWorker?: MakeReportWorker;
  /**
   * Starts the offline jobs' worker threads (offline/job-threads.ts): exports render and
   * imports parse off the main thread. Without it they run on the main thread in chunks.
   */
  jobWorker?: MakeJobWorker;
  /** Test host only: holds main-thread export/import steps (CoreConfig.holdJobStep). */
  holdJobStep?: (signal: AbortSignal) => Promise<void>;
}

export interface StartupReport {
  migrated: number[];
  preMigrationBackup: string | null;
  problems: { check: string; problem: string }[];
}

export interface Core {
  db: Db;
  dispatch: Dispatch;
  sessions: SessionStore;
  terminalId: string;
  config: CoreConfig;
  startup: StartupReport;
  /**
   * Problems found by the start-up `quick_check` ([] when none). Already settled for a
   * file checked before opening; for a large file it settles when the background check
   * ends, and main offers the latest good backup if it found damage.
   */
  integrity: Promise<string[]>;
  /** Run the start-up checks again (tests). */
  runStartupChecks(): StartupReport['problems'];
  /** The daily chores: start-up checks plus a full ledger check. */
  runDailyChecks(): StartupReport['problems'];
  /**
   * The daily chores without holding the counter: read-only checks in a worker thread
   * (when `reportWorker` is given), the rest on the main thread one per turn; progress and
   * cancel (checks/off-thread-checks.ts). Only when the core has a worker (`reportWorker`):
   * without one the chores call runDailyChecks.
   */
  runDailyChecksInBackground?(opts?: Omit<BackgroundChecksOptions, 'now'>): Promise<BackgroundChecksResult>;
  /** The writer's WAL checkpoints, run after replies (db/checkpoint-policy.ts). */
  checkpoints: CheckpointPolicy;
  close(): void;
}

/** The store failed `quick_check`: the app should offer the latest good backup. */
export class IntegrityError extends Error {
  constructor(readonly problems: string[]) {
    super(`The database failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
    this.name = 'IntegrityError';
  }
}

/**
 * A badly damaged file makes SQLite throw SQLITE_CORRUPT/NOTADB while opening (the
 * pragmas read the schema) instead of reporting it through quick_check: treat both the
 * same, so the app offers the latest good backup rather than crashing.
 */
function openOrIntegrityError<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw new IntegrityError([(err as Error).message]);
    throw err;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // a new database
  }
}

const consoleLogger: Logger = {
  error: (message, err) => console.error(`[perkdesk] ${message}`, err),
};

/** Opens (creating if needed) the store and returns the one dispatcher over it. */
export function openCore(opts: OpenCoreOptions): Core {
  const bcryptCost = opts.bcryptCost ?? 10;
  if (bcryptCost < 10 && !opts.allowWeakHashingForTests) throw new Error('bcrypt cost must be at least 10');
  const config: CoreConfig = {
    dbPath: opts.dbPath,
    now: opts.now ?? Date.now,
    bcryptCost,
    backupDir: opts.backupDir ?? join(dirname(opts.dbPath), 'backups'),
    jobWorker: opts.dbPath === ':memory:' ? undefined : opts.jobWorker,
    holdJobStep: opts.holdJobStep,
    sync: {
      ...opts.sync,
      credentials:
        opts.sync?.credentials ??
        (opts.dbPath === ':memory:' ? memorySecretStore() : fileSecretStore(defaultCredentialPath(opts.dbPath))),
    },
  };
  const db = openOrIntegrityError(() => openDatabase(opts.dbPath));
  let reader: Db = db;
  let checkpoints: CheckpointPolicy | null = null;
  let offThread: OffThread | undefined;
  let checkThread: OffThread | undefined;
  try {
    const isLarge = fileSize(opts.dbPath) > (opts.syncIntegrityCheckMaxBytes ?? 256 * 1024 * 1024);
    if (!isLarge) {
      const problems = openOrIntegrityError(() => quickCheck(db));
      if (problems.length > 0) throw new IntegrityError(problems);
    }
    let preMigrationBackup: string | null = null;
    const migrated = migrate(db, {
      backupBeforeMigrating: (from) => {
        mkdirSync(config.backupDir, { recursive: true });
        preMigrationBackup = backupFileBeforeMigration(db, join(config.backupDir, 'perkdesk'), from);
      },
    });
    const keyStore =
      opts.keyStore ?? (opts.dbPath === ':memory:' ? memoryKeyStore() : fileKeyStore(defaultKeyFilePath(opts.dbPath)));
    const { keys } = loadStoreKeys(db, keyStore);
    bindStoreSecurity(db, { keys, ...storeSidePaths(opts.dbPath) });
    bindStoredPinKey(db, config.sync.credentials);
    // Freed space in database pages is zeroed, so an erased member's old row image does
    // not linger in free pages (members/privacy.ts also truncates the WAL after an erasure).
    db.pragma('secure_delete = ON');
    let terminalId = readMeta(db, 'terminal_id');
    if (!terminalId) {
      terminalId = newId();
      writeMeta(db, 'terminal_id', terminalId);
    }
    const tid = terminalId;
    secureStore(db, { keys, now: config.now(), terminalId: tid });
    const sessions = new SessionStore();
    const log = opts.log ?? consoleLogger;
    const parts = coreParts(opts.areas ?? AREAS);
    // Reads run on a second connection opened read-only, so SQLite itself refuses a
    // write from a read channel. An in-memory store cannot be opened twice. It holds the
    // same keys (audit:verify checks MACs on it).
    if (opts.dbPath !== ':memory:') reader = openDatabase(opts.dbPath, { readonly: true });
    if (reader !== db) bindStoreSecurity(reader, { keys, ...storeSidePaths(opts.dbPath) });
    sameStoreAs(reader, db);
    checkpoints = installCheckpointPolicy(db, { log, ...opts.checkpoints });
    if (opts.reportWorker && opts.dbPath !== ':memory:') {
      offThread = startReportThread(opts.dbPath, opts.reportWorker);
      // A second worker (started on first use) for the daily checks, so they never queue a report.
      checkThread = startReportThread(opts.dbPath, opts.reportWorker);
    }
    const dispatch = createDispatcher({
      db,
      reader,
      terminalId: tid,
      sessions,
      handlers: parts.handlers,
      memberData: parts.memberData,
      config,
      log,
      strict: opts.strictContract ?? process.env.NODE_ENV === 'test',
      afterWrite: checkpoints.afterWrite,
      offThread,
    });
    // While a restore replaces the file the checks would write into a store about to be
    // copied over (the expiry run, audit records): they wait for the next round.
    const runChecks = (checks: StartupCheck[]) =>
      isWriteGateClosed(config)
        ? []
        : checks.flatMap((c) => c.run(db, config.now(), tid).map((problem) => ({ check: c.name, problem })));
    const runStartupChecks = () => runChecks(parts.startupChecks);
    const runDailyChecks = () => runChecks(parts.dailyChecks);
    const ct = checkThread;
    const runDailyChecksInBackground = async (o: Omit<BackgroundChecksOptions, 'now'> = {}) =>
      isWriteGateClosed(config)
        ? { problems: [], cancelled: parts.dailyChecks.map((c) => c.name) }
        : runChecksInBackground(parts.dailyChecks, ct, (c) => c.run(db, config.now(), tid), {
            ...o,
            now: config.now(),
          });
    const startup: StartupReport = {
      migrated,
      preMigrationBackup,
      problems: [
        ...(keyStore.weakness ? [{ check: 'key-store', problem: keyStore.weakness }] : []),
        ...(opts.skipStartupChecks ? [] : runStartupChecks()),
      ],
    };
    for (const p of startup.problems) log.error(`start-up check ${p.check}: ${p.problem}`);
    return {
      db,
      dispatch,
      sessions,
      terminalId: tid,
      config,
      startup,
      runStartupChecks,
      runDailyChecks,
      runDailyChecksInBackground: ct ? runDailyChecksInBackground : undefined,
      integrity: isLarge
        ? startupIntegrityCheck({
            dbPath: opts.dbPath,
            backupDir: config.backupDir,
            terminalId: tid,
            now: config.now(),
            maxAgeMs: opts.integrityFromBackupMaxAgeMs,
          }).then((r) => {
            for (const p of r.backupProblems) log.error(`integrity check of the latest backup: ${p}`);
            for (const p of r.problems) log.error(`integrity check: ${p}`);
            return r.problems;
          })
        : Promise.resolve([]),
      checkpoints,
      close: () => {
        checkpoints?.stop();
        void offThread?.close();
        void checkThread?.close();
        if (reader !== db) reader.close();
        db.close();
      },
    };
  } catch (err) {
    checkpoints?.stop();
    void offThread?.close();
    void checkThread?.close();
    if (reader !== db) reader.close();
    db.close();
    throw err;
  }
}

import { statSync } from 'node:fs';
import type { Db } from './open-database';

/**
 * When the WAL is copied back into the database file.
 *
 * SQLite's automatic checkpoint runs *inside* the commit that pushes the WAL past 1000
 * pages: every ~50th award paid 5–7 ms for it (issue 13: that was the award p99). So
 * the writer runs with `wal_autocheckpoint=0` and checkpoints itself, PASSIVE (never
 * waits for readers), on the same connection (a second connection's fsyncs collide with
 * the commits) and *after the reply*: `afterWrite` schedules it with setImmediate, which
 * runs once the answer to the call has been handed back (IPC replies resolve in a
 * microtask first). Triggers:
 *  - every `everyWrites` write calls, so each checkpoint has little to copy;
 *  - the WAL file passing `softCapBytes` (one big import transaction);
 *  - the 15 s timer in chores.ts, for a counter that is idle.
 * If calls arrive back to back so that the event loop never gets to the scheduled one
 * (a tight loop, an import), the checkpoint runs inline after the commit once it is
 * `4 × everyWrites` writes overdue or the WAL passes `hardCapBytes`: the WAL stays
 * bounded whatever the traffic.
 *
 * `journal_size_limit` makes SQLite truncate the WAL file back to the soft cap when it
 * restarts from the beginning, so the file's size tracks what it holds and one cheap
 * fstat per write is the size check. Durability is untouched: a commit is durable
 * (synchronous=FULL fsyncs the WAL) before any checkpoint.
 */
export interface CheckpointPolicyOptions {
  everyWrites?: number;
  softCapBytes?: number;
  hardCapBytes?: number;
  log?: { error(message: string, err?: unknown): void };
  /** Leave SQLite's inline auto-checkpoint as it was (the bench's before/after comparison). */
  sqliteAuto?: boolean;
}

export interface CheckpointPolicy {
  /** Call after each write call committed (or rolled back: the count is only a pace). */
  afterWrite(): void;
  /** Run a PASSIVE checkpoint now; returns SQLite's [busy, log frames, checkpointed]. */
  checkpoint(): { busy: number; log: number; checkpointed: number } | null;
  /** Checkpoints run so far, by trigger (tests, the bench). */
  readonly stats: { scheduled: number; inline: number; frames: number };
  stop(): void;
}

export const CHECKPOINT_DEFAULTS = {
  everyWrites: 32,
  softCapBytes: 4 * 1024 * 1024,
  hardCapBytes: 32 * 1024 * 1024,
} as const;

export function installCheckpointPolicy(db: Db, opts: CheckpointPolicyOptions = {}): CheckpointPolicy {
  const everyWrites = opts.everyWrites ?? CHECKPOINT_DEFAULTS.everyWrites;
  const softCap = opts.softCapBytes ?? CHECKPOINT_DEFAULTS.softCapBytes;
  const hardCap = Math.max(softCap, opts.hardCapBytes ?? CHECKPOINT_DEFAULTS.hardCapBytes);
  const walPath = db.name === ':memory:' || db.memory || opts.sqliteAuto ? null : `${db.name}-wal`;
  if (walPath) {
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${softCap}`);
  }
  const stats = { scheduled: 0, inline: 0, frames: 0 };
  let writes = 0;
  let pending: NodeJS.Immediate | null = null;
  let stopped = false;

  const walBytes = () => {
    if (!walPath) return 0;
    try {
      return statSync(walPath).size;
    } catch {
      return 0; // no WAL yet
    }
  };

  const checkpoint = () => {
    if (stopped || !db.open || db.inTransaction || !walPath) return null;
    writes = 0;
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      stats.frames += r?.checkpointed ?? 0;
      return r ?? null;
    } catch (err) {
      opts.log?.error('WAL checkpoint failed', err);
      return null;
    }
  };

  const run = () => {
    pending = null;
    if (checkpoint()) stats.scheduled++;
  };

  return {
    stats,
    checkpoint,
    afterWrite() {
      if (stopped || !walPath) return;
      writes++;
      const size = walBytes();
      // Inline, after the commit: the scheduled checkpoint is overdue (calls have come back
      // to back for `4 × everyWrites` writes) or the WAL passed the hard cap. At most once
      // per `everyWrites` writes: a reader's old snapshot can keep the WAL from restarting,
      // and retrying after every write would only cost.
      const overdue = pending !== null && writes >= 4 * everyWrites;
      if ((overdue || size > hardCap) && writes >= everyWrites) {
        if (pending) clearImmediate(pending);
        pending = null;
        if (checkpoint()) stats.inline++;
        return;
      }
      if (pending === null && (writes >= everyWrites || size > softCap)) pending = setImmediate(run);
    },
    stop() {
      stopped = true;
      if (pending) clearImmediate(pending);
      pending = null;
    },
  };
}

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database';
import { AppError, refusal } from '../errors';
import { readSettings } from '../settings/settings-store';
import { reportsHandlers } from './handlers';
import type { OffThreadReply, OffThreadRequest } from './off-thread';
import { coreParts } from '../areas';
import { CHECK_CHANNEL_PREFIX } from '../checks/off-thread-checks';
import { lowerThisThreadPriority } from '../background-thread';

/**
 * The reports, in a worker thread on their own read-only connection (off-thread.ts says
 * why). Each request runs in one DEFERRED transaction — the same consistent snapshot the
 * dispatcher's read path gives — and its answer or refusal goes back as plain data.
 */
lowerThisThreadPriority();
const db = openDatabase((workerData as { dbPath: string }).dbPath, { readonly: true });
const handlers = reportsHandlers as unknown as Record<string, (ctx: unknown, input: unknown) => unknown>;
const inRead = db.transaction((run: () => unknown) => run());
/** The daily checks that only read (checks/off-thread-checks.ts), by `check:<name>`. */
const checks = new Map(
  coreParts()
    .dailyChecks.filter((c) => c.readOnly)
    .map((c) => [`${CHECK_CHANNEL_PREFIX}${c.name}`, c]),
);

parentPort!.on('message', (m: OffThreadRequest) => {
  let reply: OffThreadReply;
  try {
    const ctx = {
      db,
      now: () => m.now,
      refuse: refusal,
      settings: () => readSettings(db),
    };
    const check = checks.get(m.channel);
    reply = {
      id: m.id,
      ok: true,
      // A check is its own read snapshot (never one over all the checks).
      value: check
        ? inRead.deferred(() => check.run(db, m.now, ''))
        : inRead.deferred(() => handlers[m.channel](ctx, m.input)),
    };
  } catch (err) {
    reply =
      err instanceof AppError
        ? { id: m.id, ok: false, error: err.toBody() }
        : { id: m.id, ok: false, crash: String((err as Error)?.stack ?? err) };
  }
  parentPort!.postMessage(reply);
});

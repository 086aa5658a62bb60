import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database';
import { AppError, refusal } from '../errors';
import { readSettings } from '../settings/settings-store';
import { reportsHandlers } from './handlers';
import type { OffThreadReply, OffThreadRequest } from './off-thread';

/**
 * The reports, in a worker thread on their own read-only connection (off-thread.ts says
 * why). Each request runs in one DEFERRED transaction — the same consistent snapshot the
 * dispatcher's read path gives — and its answer or refusal goes back as plain data.
 */
const db = openDatabase((workerData as { dbPath: string }).dbPath, { readonly: true });
const handlers = reportsHandlers as unknown as Record<string, (ctx: unknown, input: unknown) => unknown>;
const inRead = db.transaction((run: () => unknown) => run());

parentPort!.on('message', (m: OffThreadRequest) => {
  let reply: OffThreadReply;
  try {
    const ctx = {
      db,
      now: () => m.now,
      refuse: refusal,
      settings: () => readSettings(db),
    };
    reply = { id: m.id, ok: true, value: inRead.deferred(() => handlers[m.channel](ctx, m.input)) };
  } catch (err) {
    reply =
      err instanceof AppError
        ? { id: m.id, ok: false, error: err.toBody() }
        : { id: m.id, ok: false, crash: String((err as Error)?.stack ?? err) };
  }
  parentPort!.postMessage(reply);
});

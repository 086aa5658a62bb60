import type { Worker } from 'node:worker_threads';
import type { HandlerContext } from '../../context';
import type { ImportReportDto } from '../../../../shared/contract/offline';
import { countryOf } from '../../members/member-repo';
import { requireStoreSecurity } from '../../keys/bound-keys';
import { errorFromBody, JobCancelledError, JobWorkerError } from '../job-errors';
import type { MakeJobWorker } from '../job-threads';
import { runJob } from '../jobs';
import type { ImportInput } from './import-members';
import type { ImportControl, ImportParseRequest, ImportReply, ImportTally } from './import-worker';

/**
 * The member import in a worker thread (import-worker.ts does the work, issue 13 item 6):
 * the main thread hands over the file, takes the core's one-job slot once the file is
 * known to be readable (as the main-thread import does, import-members.ts), relays
 * progress and cancel, and writes the closing `members.imported` record. The report is
 * the main-thread import's, row for row (same checks, same order; a test compares them).
 */
function listen(worker: Worker) {
  let head: Extract<ImportReply, { t: 'head' }> | null = null;
  let tally: ImportTally | null = null;
  let failure: Error | null = null;
  let onProgress: (done: number) => void = () => undefined;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (err: Error) => {
    failure ??= err;
    poke();
  };
  worker.on('message', (m: ImportReply) => {
    if (m.t === 'head') head = m;
    else if (m.t === 'progress') onProgress(m.done);
    else if (m.t === 'end') tally = m.tally;
    else fail(errorFromBody(m.error));
    poke();
  });
  worker.on('error', (err) => fail(new JobWorkerError('import', String(err?.message ?? err))));
  worker.on('exit', (code) => {
    if (!tally) fail(new JobWorkerError('import', `exited with code ${code}`));
  });
  const until = async <T>(value: () => T | null): Promise<T> => {
    while (value() === null && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    return value()!;
  };
  return {
    head: () => until(() => head),
    end: (progress: (done: number) => void) => {
      onProgress = progress;
      return until(() => tally);
    },
  };
}

export async function importMembersInWorker(
  ctx: HandlerContext,
  input: ImportInput,
  opts: { dryRun: boolean },
  make: MakeJobWorker,
): Promise<ImportReportDto> {
  const actor = ctx.requireActor();
  let worker: Worker;
  try {
    worker = make({ job: 'import' });
  } catch (err) {
    throw new JobWorkerError('import', `could not start: ${String((err as Error)?.message ?? err)}`);
  }
  try {
    const replies = listen(worker);
    const security = requireStoreSecurity(ctx.db);
    const now = ctx.now();
    worker.postMessage({
      t: 'parse',
      // The base64 as it came: the worker checks and decodes it (row-checks.ts#fileBytes).
      fileBase64: input.fileBase64,
      encoding: input.encoding,
      mapping: input.mapping,
      country: countryOf(ctx),
      clockOffset: now - Date.now(),
      now,
      dryRun: opts.dryRun,
      dbPath: ctx.config.dbPath,
      terminalId: ctx.terminalId,
      actor: { staffId: actor.staffId, username: actor.username },
      security,
    } satisfies ImportParseRequest);
    const head = await replies.head();
    return await runJob(ctx.config, 'import', ctx.now(), async (progress, signal) => {
      progress.phase = opts.dryRun ? 'checking' : 'importing';
      progress.total = head.totalRows;
      const cancel = () => worker.postMessage({ t: 'cancel' } satisfies ImportControl);
      signal.addEventListener('abort', cancel, { once: true });
      worker.postMessage({ t: 'go' } satisfies ImportControl);
      const tally = await replies
        .end((done) => (progress.done = done))
        .finally(() => signal.removeEventListener('abort', cancel));
      const report: ImportReportDto = {
        dryRun: opts.dryRun,
        headers: head.headers,
        mapping: head.mapping,
        totalRows: head.totalRows,
        created: tally.created,
        duplicates: tally.duplicates,
        errorCount: tally.errorCount,
        errors: tally.errors,
      };
      if (!opts.dryRun) {
        ctx.db
          .transaction(() =>
            ctx.audit('members.imported', null, {
              rows: report.totalRows,
              created: report.created,
              duplicates: report.duplicates,
              errors: report.errorCount,
              ...(tally.cancelled ? { cancelledAfterRows: tally.done } : {}),
            }),
          )
          .immediate();
      }
      // Whole slices are kept (as after a crash): importing the file again adds the rest.
      if (tally.cancelled) {
        const kept = { created: tally.created, done: tally.done, total: head.totalRows };
        throw new JobCancelledError('import', opts.dryRun ? undefined : kept);
      }
      return report;
    });
  } finally {
    await worker.terminate();
  }
}

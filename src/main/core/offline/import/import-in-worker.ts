import type { Worker } from 'node:worker_threads';
import type { HandlerContext } from '../../context';
import type { Db } from '../../db/open-database';
import type { ImportReportDto, ImportRowProblem } from '../../../../shared/contract/offline';
import { newId } from '../../ids';
import { countryOf } from '../../members/member-repo';
import { nameGrams } from '../../members/name-grams';
import { randomCardNumber } from '../../members/card-number';
import { takeBlockCard } from '../../sync/cards';
import { errorFromBody, JobCancelledError, JobWorkerError } from '../job-errors';
import type { MakeJobWorker } from '../job-threads';
import { runJob, yieldToEventLoop } from '../jobs';
import type { ImportInput } from './import-members';
import type { CheckedRow, ImportParseRequest, ImportReply } from './import-worker';
import { MAX_LISTED_ERRORS } from './row-checks';

/**
 * The member import with its parsing and checking in a worker thread (import-worker.ts,
 * issue 13 item 6). The main thread only writes: each row that passed the checks gets
 * the uniqueness check, a card number, the insert, its name grams and the audit record
 * a registration at the counter gets — with statements prepared once per import — in
 * transactions of at most WRITE_MS of work, with a turn for the counter between them.
 * The report is the main-thread import's (import-members.ts), row for row: the same
 * checks in the same order; a test compares the two.
 */

/**
 * Milliseconds of rows per transaction. The commit's fsync comes on top (0.3 ms idle,
 * up to ~10 ms on a loaded VM): 4 ms keeps a slice under the 16 ms frame.
 */
const WRITE_MS = 4;

class DryRunRollback extends Error {}

/** The worker's replies as a queue the writer awaits. */
function listen(worker: Worker) {
  const rows: CheckedRow[] = [];
  let ended = false;
  let failure: Error | null = null;
  let head: Extract<ImportReply, { t: 'head' }> | null = null;
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
    else if (m.t === 'rows') for (const r of m.rows) rows.push(r);
    else if (m.t === 'end') ended = true;
    else fail(errorFromBody(m.error));
    poke();
  });
  worker.on('error', (err) => fail(new JobWorkerError('import', String(err?.message ?? err))));
  worker.on('exit', (code) => {
    if (!ended) fail(new JobWorkerError('import', `exited with code ${code}`));
  });
  const until = async (ready: () => boolean) => {
    while (!ready() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  return {
    rows,
    async head() {
      await until(() => head !== null);
      return head!;
    },
    /** Waits for more rows; false when the file is done. */
    async more(): Promise<boolean> {
      await until(() => rows.length > 0 || ended);
      return rows.length > 0;
    },
  };
}

/** The writes of one import, prepared once. */
function writer(ctx: HandlerContext) {
  const db: Db = ctx.db;
  const staffId = ctx.requireActor().staffId;
  const phoneTaken = db.prepare('SELECT 1 FROM members WHERE phone = ?').pluck();
  const emailTaken = db.prepare('SELECT 1 FROM members WHERE email = ?').pluck();
  const cardTaken = db.prepare('SELECT 1 FROM members WHERE card_number = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, birthday,
       marketing_consent, created_at, updated_at, created_by)
     VALUES (@id, @card_number, @name, @name_key, @phone, @phone_last4, @email, @birthday,
       @marketing_consent, @created_at, @updated_at, @created_by)`,
  );
  const gram = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_seq) VALUES (?, ?)');
  const card = () => {
    // Chain mode: a number from head office's block for this terminal; else a random one.
    const block = takeBlockCard(db);
    if (block) return block;
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = randomCardNumber();
      if (!cardTaken.get(candidate)) return candidate;
    }
    throw new Error('could not find a free card number');
  };
  /** One row in its own savepoint (registerMember's writes); 'duplicate' when taken. */
  const row = db.transaction((m: NonNullable<CheckedRow['member']>): 'created' | 'duplicate' => {
    if ((m.phone && phoneTaken.get(m.phone.e164)) || (m.email && emailTaken.get(m.email))) return 'duplicate';
    const now = ctx.now();
    const id = newId();
    const cardNumber = card();
    const info = insert.run({
      id,
      card_number: cardNumber,
      name: m.name,
      name_key: m.nameKey,
      phone: m.phone?.e164 ?? null,
      phone_last4: m.phone?.last4 ?? null,
      email: m.email,
      birthday: m.birthday,
      marketing_consent: m.consent ? 1 : 0,
      created_at: now,
      updated_at: now,
      created_by: staffId,
    });
    const seq = Number(info.lastInsertRowid);
    for (const g of nameGrams(m.nameKey)) gram.run(g, seq);
    ctx.audit('members.registered', id, { cardNumber, fields: m.fields });
    return 'created';
  });
  return { row };
}

export async function importMembersInWorker(
  ctx: HandlerContext,
  input: ImportInput,
  opts: { dryRun: boolean },
  make: MakeJobWorker,
): Promise<ImportReportDto> {
  let worker: Worker;
  try {
    worker = make({ job: 'import' });
  } catch (err) {
    throw new JobWorkerError('import', `could not start: ${String((err as Error)?.message ?? err)}`);
  }
  try {
    const replies = listen(worker);
    const bytes = Buffer.from(input.fileBase64, 'base64');
    const copy = new ArrayBuffer(bytes.length);
    bytes.copy(Buffer.from(copy));
    worker.postMessage(
      {
        t: 'parse',
        bytes: copy,
        encoding: input.encoding,
        mapping: input.mapping,
        country: countryOf(ctx),
        now: ctx.now(),
        dryRun: opts.dryRun,
      } satisfies ImportParseRequest,
      [copy],
    );
    const head = await replies.head();
    const report: ImportReportDto = {
      dryRun: opts.dryRun,
      headers: head.headers,
      mapping: head.mapping,
      totalRows: head.totalRows,
      created: 0,
      duplicates: 0,
      errorCount: 0,
      errors: [],
    };
    const problem = (p: ImportRowProblem) => {
      report.errorCount++;
      if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(p);
    };
    return await runJob(ctx.config, 'import', ctx.now(), async (progress, signal) => {
      progress.phase = opts.dryRun ? 'checking' : 'importing';
      progress.total = report.totalRows;
      const w = writer(ctx);
      const seen = new Set<string>();
      const one = (r: CheckedRow) => {
        if (r.problem && r.keys.length === 0) return problem({ row: r.row, line: r.line, ...r.problem });
        if (r.keys.some((k) => seen.has(k))) {
          report.duplicates++;
          return;
        }
        if (r.problem) return problem({ row: r.row, line: r.line, ...r.problem });
        if (w.row(r.member!) === 'duplicate') report.duplicates++;
        else {
          report.created++;
          for (const k of r.keys) seen.add(k);
        }
      };
      const slice = ctx.db.transaction(() => {
        const until = performance.now() + WRITE_MS;
        let n = 0;
        let next = 0;
        while (next < replies.rows.length && (n === 0 || performance.now() < until)) {
          one(replies.rows[next++]);
          n++;
        }
        replies.rows.splice(0, next);
        progress.done += n;
        if (opts.dryRun) throw new DryRunRollback();
      });
      while (await replies.more()) {
        if (signal.aborted) break;
        try {
          slice.immediate();
        } catch (err) {
          if (!(err instanceof DryRunRollback)) throw err;
        }
        await yieldToEventLoop();
      }
      if (!opts.dryRun) {
        ctx.db
          .transaction(() =>
            ctx.audit('members.imported', null, {
              rows: report.totalRows,
              created: report.created,
              duplicates: report.duplicates,
              errors: report.errorCount,
              ...(signal.aborted ? { cancelledAfterRows: progress.done } : {}),
            }),
          )
          .immediate();
      }
      // Whole slices are kept (as after a crash): importing the file again adds the rest.
      if (signal.aborted) throw new JobCancelledError('import');
      return report;
    });
  } finally {
    await worker.terminate();
  }
}

import type { HandlerContext } from '../../context';
import { AppError, refusal } from '../../errors';
import { registerMember } from '../../members/register';
import { countryOf } from '../../members/member-repo';
import { normaliseEmail, normalisePhone } from '../../members/normalize';
import { runJob, yieldToEventLoop } from '../jobs';
import { JobCancelledError } from '../job-errors';
import type { ImportField, ImportReportDto, ImportRowProblem } from '../../../../shared/contract/offline';
import { CONSENT, cellProblem, MAX_LISTED_ERRORS, parseCsv, phoneFromCell, readImportFile } from './row-checks';
import { importMembersInWorker } from './import-in-worker';

export { parseCsv, phoneFromCell };

export interface ImportInput {
  fileBase64: string;
  encoding: 'utf-8' | 'gb18030';
  mapping?: Partial<Record<ImportField, string>>;
}

class DryRunRollback extends Error {}

/**
 * Milliseconds of rows per transaction, then the counter gets a turn (issue 13: no stall
 * over 16 ms; a 500-row chunk was 170–270 ms). The commit's fsync comes on top.
 */
const CHUNK_MS = 10;

/** The normalised phone and email of a row, to spot a repeat within the same file. */
function contactKeys(ctx: HandlerContext, cells: Partial<Record<ImportField, string>>): string[] {
  const keys: string[] = [];
  try {
    if (cells.phone) keys.push(`p:${normalisePhone(cells.phone, countryOf(ctx), refusal).e164}`);
  } catch {
    /* invalid: registerMember reports it */
  }
  try {
    if (cells.email) keys.push(`e:${normaliseEmail(cells.email, refusal)}`);
  } catch {
    /* invalid: registerMember reports it */
  }
  return keys;
}

/**
 * CSV member import. Each row goes through the same `registerMember` the counter uses
 * (normalisation, validation, uniqueness), inside its own savepoint so a bad row never
 * takes good ones down with it. A row whose phone or email already belongs to a member
 * (from an earlier import, the counter, or earlier in this file) is a duplicate and
 * is skipped: importing the same file twice creates nobody the second time.
 *
 * Rows are written in chunks of CHUNK_MS of work, one transaction each, yielding between
 * chunks so a 100,000-row file never stalls the counter (measured: ~0.45 ms per row); the
 * file is parsed in slices the same way (parseCsv).
 * A crash or a cancel mid-import leaves whole chunks; importing the file again adds the rest.
 *
 * The dry run does exactly the same work and rolls every chunk back; repeats within
 * the file are found by remembering the contacts of the rows it would have created.
 */
export async function importMembers(
  ctx: HandlerContext,
  input: ImportInput,
  opts: { dryRun: boolean },
): Promise<ImportReportDto> {
  if (ctx.config.jobWorker) return importMembersInWorker(ctx, input, opts, ctx.config.jobWorker);
  const { records, headers, mapping, index } = await readImportFile(input.fileBase64, input.encoding, input.mapping);

  const report: ImportReportDto = {
    dryRun: opts.dryRun,
    headers,
    mapping,
    totalRows: records.length - 1,
    created: 0,
    duplicates: 0,
    errorCount: 0,
    errors: [],
  };
  const problem = (p: ImportRowProblem) => {
    report.errorCount++;
    if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(p);
  };
  const seen = new Set<string>();

  const importRow = (r: number) => {
    const { record, info } = records[r];
    const at = { row: r, line: info.lines };
    if (record.length !== headers.length) {
      problem({
        ...at,
        field: null,
        reason: 'columns',
        message: `Has ${record.length} cells, the header has ${headers.length}`,
      });
      return;
    }
    const cells: Partial<Record<ImportField, string>> = {};
    for (const [field, i] of Object.entries(index) as [ImportField, number][]) {
      const raw = record[i] ?? '';
      const cell = field === 'phone' ? phoneFromCell(raw) : raw;
      const p = cellProblem(field, cell, input.encoding);
      if (p) return problem({ ...at, ...p });
      cells[field] = cell.trim();
    }
    const keys = opts.dryRun ? contactKeys(ctx, cells) : [];
    if (keys.some((k) => seen.has(k))) {
      report.duplicates++;
      return;
    }
    try {
      ctx.db.transaction(() => {
        // A row's refusals (phoneInvalid, duplicate, ...) are caught below and reported
        // for that row; they never become the import's own refusal.
        const member = registerMember(
          { ...ctx, refuse: refusal },
          {
            name: cells.name ?? '',
            phone: cells.phone || undefined,
            email: cells.email || undefined,
            birthday: cells.birthday || undefined,
            marketingConsent: CONSENT[(cells.marketingConsent ?? '').toLowerCase()] ?? false,
          },
        );
        // Each imported member gets the record the counter's registration gets.
        ctx.audit('members.registered', member.id, { cardNumber: member.cardNumber, fields: member.fields });
      })();
      report.created++;
      for (const k of keys) seen.add(k);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const d = (err.details ?? {}) as { field?: string; reason?: string };
      if (err.code === 'CONFLICT' && d.reason === 'duplicate') report.duplicates++;
      else problem({ ...at, field: d.field ?? null, reason: d.reason ?? err.code.toLowerCase(), message: err.message });
    }
  };

  return runJob(ctx.config, 'import', ctx.now(), async (progress, signal) => {
    progress.phase = opts.dryRun ? 'checking' : 'importing';
    progress.total = report.totalRows;
    let start = 1;
    // Cancel is honoured between chunks, as in the worker (import-worker.ts): whole chunks stay.
    while (start < records.length && !signal.aborted) {
      let end = start;
      try {
        ctx.db
          .transaction(() => {
            const until = performance.now() + CHUNK_MS;
            while (end < records.length && (end === start || performance.now() < until)) importRow(end++);
            if (opts.dryRun) throw new DryRunRollback();
          })
          .immediate();
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
      start = end;
      progress.done = end - 1;
      await yieldToEventLoop();
      if (start < records.length) await ctx.config.holdJobStep?.(signal);
    }
    const cancelled = signal.aborted && start < records.length;
    if (!opts.dryRun) {
      ctx.db
        .transaction(() =>
          ctx.audit('members.imported', null, {
            rows: report.totalRows,
            created: report.created,
            duplicates: report.duplicates,
            errors: report.errorCount,
            ...(cancelled ? { cancelledAfterRows: progress.done } : {}),
          }),
        )
        .immediate();
    }
    if (cancelled) {
      const kept = { created: report.created, done: progress.done, total: report.totalRows };
      throw new JobCancelledError('import', opts.dryRun ? undefined : kept);
    }
    return report;
  });
}

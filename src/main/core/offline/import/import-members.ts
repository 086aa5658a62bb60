import { parse } from 'csv-parse/sync';
import type { HandlerContext } from '../../context';
import { AppError } from '../../errors';
import { registerMember } from '../../members/register';
import type { ImportField, ImportReportDto, ImportRowProblem } from '../../../../shared/contract/offline';
import { autoMapColumns, resolveMapping } from './column-mapping';

export interface ImportInput {
  fileBase64: string;
  encoding: 'utf-8' | 'gb18030';
  mapping?: Partial<Record<ImportField, string>>;
}

const MAX_ROWS = 20_000;
const MAX_CELL = 1_000;
const MAX_LISTED_ERRORS = 500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Cells a spreadsheet would run as a formula. A phone may start with '+' (+86...). */
const FORMULA = /^[=@\t\r\uFF1D\uFF20]/;
const SIGN = /^[+\-\uFF0B\uFF0D]/;

const CONSENT: Record<string, boolean> = {
  '': false,
  '0': false,
  '1': true,
  yes: true,
  no: false,
  y: true,
  n: false,
  true: true,
  false: false,
  是: true,
  否: false,
};

class DryRunRollback extends Error {}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function decode(bytes: Buffer, encoding: ImportInput['encoding']): string {
  // Not fatal: a wrongly encoded byte becomes U+FFFD and only the rows holding one are
  // refused (with a hint to pick the other encoding), instead of the whole file.
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: false }).decode(bytes);
}

function parseCsv(text: string): ParsedRecord[] {
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new AppError('VALIDATION', `This is not a readable CSV file: ${(e.message ?? 'parse error').slice(0, 200)}`, {
      reason: 'csvUnreadable',
      line: e.lines ?? null,
    });
  }
}

/** Problems with one cell before the members validation sees it. */
function cellProblem(
  field: ImportField,
  cell: string,
  encoding: string,
): Omit<ImportRowProblem, 'row' | 'line'> | null {
  if (cell.includes('\uFFFD')) {
    const other = encoding === 'utf-8' ? 'GB18030' : 'UTF-8';
    return { field, reason: 'encoding', message: `Unreadable characters: is the file ${other}? Choose that encoding.` };
  }
  if (cell.length > MAX_CELL) return { field, reason: 'tooLong', message: `Longer than ${MAX_CELL} characters` };
  if (CONTROL.test(cell)) return { field, reason: 'controlChars', message: 'Contains control characters' };
  const trimmed = cell.trim();
  if (FORMULA.test(trimmed) || (field !== 'phone' && SIGN.test(trimmed))) {
    return { field, reason: 'formula', message: 'Looks like a spreadsheet formula; not imported' };
  }
  if (field === 'marketingConsent' && !(trimmed.toLowerCase() in CONSENT)) {
    return { field, reason: 'consentInvalid', message: 'Use yes/no, 1/0 or true/false' };
  }
  return null;
}

/**
 * CSV member import. Each row goes through the same `registerMember` the counter uses
 * (normalisation, validation, uniqueness), inside its own savepoint so a bad row never
 * takes good ones down with it. A row whose phone or email already belongs to a member
 * (from an earlier import, the counter, or earlier in this file) is a duplicate and
 * is skipped: importing the same file twice creates nobody the second time.
 *
 * The dry run does exactly the same work inside an outer savepoint and rolls it back,
 * so its report (including duplicates within the file) is what the import will do.
 */
export function importMembers(ctx: HandlerContext, input: ImportInput, opts: { dryRun: boolean }): ImportReportDto {
  const bytes = Buffer.from(input.fileBase64, 'base64');
  const records = parseCsv(decode(bytes, input.encoding));
  if (records.length === 0) throw new AppError('VALIDATION', 'The file is empty', { reason: 'empty' });
  const headers = records[0].record.map((h) => h.trim());
  if (records.length - 1 > MAX_ROWS) {
    throw new AppError('VALIDATION', `At most ${MAX_ROWS} members per file; split the file`, { reason: 'tooManyRows' });
  }
  const mapping = input.mapping ?? autoMapColumns(headers);
  const index = resolveMapping(headers, mapping);

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

  const work = () => {
    for (let r = 1; r < records.length; r++) {
      const { record, info } = records[r];
      const at = { row: r, line: info.lines };
      if (record.length !== headers.length) {
        problem({
          ...at,
          field: null,
          reason: 'columns',
          message: `Has ${record.length} cells, the header has ${headers.length}`,
        });
        continue;
      }
      const cells: Partial<Record<ImportField, string>> = {};
      let bad = false;
      for (const [field, i] of Object.entries(index) as [ImportField, number][]) {
        const cell = record[i] ?? '';
        const p = cellProblem(field, cell, input.encoding);
        if (p) {
          problem({ ...at, ...p });
          bad = true;
          break;
        }
        cells[field] = cell.trim();
      }
      if (bad) continue;
      try {
        ctx.db.transaction(() =>
          registerMember(ctx, {
            name: cells.name ?? '',
            phone: cells.phone || undefined,
            email: cells.email || undefined,
            birthday: cells.birthday || undefined,
            marketingConsent: CONSENT[(cells.marketingConsent ?? '').toLowerCase()] ?? false,
          }),
        )();
        report.created++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const d = (err.details ?? {}) as { field?: string; reason?: string };
        if (err.code === 'CONFLICT' && d.reason === 'duplicate') report.duplicates++;
        else
          problem({ ...at, field: d.field ?? null, reason: d.reason ?? err.code.toLowerCase(), message: err.message });
      }
    }
  };

  if (opts.dryRun) {
    try {
      ctx.db.transaction(() => {
        work();
        throw new DryRunRollback();
      })();
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
  } else {
    work();
    ctx.audit('members.imported', null, {
      rows: report.totalRows,
      created: report.created,
      duplicates: report.duplicates,
      errors: report.errorCount,
    });
  }
  return report;
}

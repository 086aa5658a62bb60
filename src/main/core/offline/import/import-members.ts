import { parse } from 'csv-parse/sync';
import type { HandlerContext } from '../../context';
import { AppError, refusal } from '../../errors';
import { registerMember } from '../../members/register';
import { countryOf } from '../../members/member-repo';
import { normaliseEmail, normalisePhone } from '../../members/normalize';
import { runJob, yieldToEventLoop } from '../jobs';
import type { ImportField, ImportReportDto, ImportRowProblem } from '../../../../shared/contract/offline';
import { autoMapColumns, resolveMapping } from './column-mapping';

export interface ImportInput {
  fileBase64: string;
  encoding: 'utf-8' | 'gb18030';
  mapping?: Partial<Record<ImportField, string>>;
}

const MAX_ROWS = 100_000;
const MAX_CELL = 1_000;
const MAX_LISTED_ERRORS = 500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Cells a spreadsheet would run as a formula. A phone may start with '+' (+86...). */
const FORMULA = /^[=@\t\r\uFF1D\uFF20]/;
const SIGN = /^[+\-\uFF0B\uFF0D]/;

/**
 * A phone cell as our own export writes it, or as older exports and spreadsheets hand it
 * back: `phone` (+8613800138000), `phone_tel` (tel:+8613800138000, RFC 3966) and the
 * apostrophe-escaped '+8613800138000 that exports wrote before — all the same number.
 */
export function phoneFromCell(cell: string): string {
  return cell
    .trim()
    .replace(/^tel:/i, '')
    .replace(/^'(?=\+)/, '');
}

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

function parseSlice(text: string, first: boolean, linesBefore: number): ParsedRecord[] {
  try {
    const records = parse(text, {
      bom: first,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }) as unknown as ParsedRecord[];
    if (linesBefore > 0) for (const r of records) r.info.lines += linesBefore;
    return records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new AppError('VALIDATION', `This is not a readable CSV file: ${(e.message ?? 'parse error').slice(0, 200)}`, {
      reason: 'csvUnreadable',
      line: e.lines !== undefined ? e.lines + linesBefore : null,
    });
  }
}

/** Characters per parse slice: a few milliseconds of csv-parse each. */
const SLICE_CHARS = 64 * 1024;

/**
 * The file parsed in slices that end right after a record's line break outside quotes (an
 * even number of `"` before it: RFC 4180 quotes and `""` escapes keep the parity; never
 * after a blank line), yielding between slices, so a 100,000-row file (~6 MB, ~0.3 s of
 * csv-parse) never stalls the counter in one go. Same records and line numbers as one
 * parse of the whole text: each slice starts on the line after the previous slice's last
 * record (csv-parse's own count, which takes a quoted CRLF as two lines).
 */
export async function parseCsv(text: string): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  let start = 0;
  let lines = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    if (end < text.length) {
      let quotes = 0;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 34) quotes++;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (c === 34) quotes++;
        else if (c === 10 && quotes % 2 === 0) {
          let k = end - 1;
          if (k >= start && text.charCodeAt(k) === 13) k--;
          if (k >= start && text.charCodeAt(k) !== 10) {
            end++;
            break;
          }
        }
      }
    }
    const records = parseSlice(text.slice(start, end), start === 0, lines);
    for (const r of records) out.push(r);
    if (records.length > 0) lines = records[records.length - 1].info.lines;
    start = end;
    if (start < text.length) await yieldToEventLoop();
  }
  return out;
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
 * A crash mid-import leaves whole chunks; importing the file again adds the rest.
 *
 * The dry run does exactly the same work and rolls every chunk back; repeats within
 * the file are found by remembering the contacts of the rows it would have created.
 */
export async function importMembers(
  ctx: HandlerContext,
  input: ImportInput,
  opts: { dryRun: boolean },
): Promise<ImportReportDto> {
  const bytes = Buffer.from(input.fileBase64, 'base64');
  const records = await parseCsv(decode(bytes, input.encoding));
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

  return runJob(ctx.config, 'import', ctx.now(), async (progress) => {
    progress.phase = opts.dryRun ? 'checking' : 'importing';
    progress.total = report.totalRows;
    for (let start = 1; start < records.length;) {
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
    }
    if (!opts.dryRun) {
      ctx.db
        .transaction(() =>
          ctx.audit('members.imported', null, {
            rows: report.totalRows,
            created: report.created,
            duplicates: report.duplicates,
            errors: report.errorCount,
          }),
        )
        .immediate();
    }
    return report;
  });
}

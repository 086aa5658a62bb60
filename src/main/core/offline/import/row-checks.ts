import { parse } from 'csv-parse/sync';
import { AppError } from '../../errors';
import { yieldToEventLoop } from '../jobs';
import type { ImportField, ImportRowProblem } from '../../../../shared/contract/offline';
import { autoMapColumns, resolveMapping } from './column-mapping';

/**
 * The member import's file and cell checks: shared by the main-thread import
 * (import-members.ts) and the worker that parses and checks off the main thread
 * (import-worker.ts), so both refuse exactly the same rows with the same words.
 */
export const MAX_ROWS = 100_000;
const MAX_CELL = 1_000;
export const MAX_LISTED_ERRORS = 500;
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

export const CONSENT: Record<string, boolean> = {
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

export interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The file's bytes from the channel's base64 (issue 13: no main-thread stall over 16 ms).
 * The alphabet is checked here, where the file is decoded — in the import's worker thread
 * when there is one — and not by the channel's schema on the main thread: the regular
 * expression costs ~2.5 ns a character, 12–13 ms for a 100,000-row file (4.8 MB of base64),
 * measured here. The refusal is VALIDATION on `fileBase64`, as the schema's was, with its reason.
 */
export function fileBytes(fileBase64: string): Buffer {
  if (!BASE64.test(fileBase64)) {
    throw new AppError('VALIDATION', 'fileBase64: must be base64', {
      reason: 'notBase64',
      issues: [{ path: 'fileBase64', code: 'invalid_format', format: 'regex', message: 'must be base64' }],
    });
  }
  return Buffer.from(fileBase64, 'base64');
}

export function decode(bytes: Buffer, encoding: 'utf-8' | 'gb18030'): string {
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
export function cellProblem(
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
 * The file-level half of an import, the same in the worker and on the main thread: the
 * bytes (fileBytes), the records, the refusals of a whole file (`empty`, `tooManyRows`, and
 * the mapping's), the headers and which column holds which field.
 */
export async function readImportFile(
  fileBase64: string,
  encoding: 'utf-8' | 'gb18030',
  asked: Partial<Record<ImportField, string>> | undefined,
) {
  const records = await parseCsv(decode(fileBytes(fileBase64), encoding));
  if (records.length === 0) throw new AppError('VALIDATION', 'The file is empty', { reason: 'empty' });
  const headers = records[0].record.map((h) => h.trim());
  if (records.length - 1 > MAX_ROWS) {
    throw new AppError('VALIDATION', `At most ${MAX_ROWS} members per file; split the file`, { reason: 'tooManyRows' });
  }
  const mapping = asked ?? autoMapColumns(headers);
  return { records, headers, mapping, index: resolveMapping(headers, mapping) };
}

/**
 * CSV and JSON Lines lines, built mostly by SQLite.
 *
 * Why: the export must stream 10M ledger rows at >= 500k rows/s. Measured here,
 * csv-stringify over every row manages ~290k rows/s, and a JS encoder over `.raw()` rows
 * ~230-420k (creating 13 JS values per row is the cost). Instead SQLite joins each row's
 * fields into one string (format('%s...'), C speed, one JS string per row), and one V8
 * regex decides whether the row needs anything beyond "separators become commas"; the
 * rare row that does is encoded by csv-stringify itself. A property test checks that
 * the result equals csv-stringify's output for the whole row, byte for byte, and the
 * e2e test reads the files back with papaparse.
 *
 * RFC 4180: a field containing a quote, comma, CR or LF is quoted, quotes doubled.
 * Formula injection (OWASP "CSV injection"): a text cell starting with = + - @ TAB CR
 * (or their full-width forms, which some spreadsheets normalise) gets a leading
 * apostrophe so Excel shows it as text. Numbers are never prefixed: -120 points is a
 * number, not a formula.
 *
 * Phone numbers (issue 9 item 19; README "Data: exports"): a column of type 'e164' holds
 * the exact E.164 string a program reads ("+8613800138000") and is NOT prefixed when the
 * cell is exactly '+' and 1–15 digits — a sign followed only by digits has no function,
 * reference or operator, so it cannot carry a formula payload (at worst a spreadsheet
 * reads it as the number 8.6E+12). Anything else in such a column is escaped like text.
 * For people in a spreadsheet the members export adds `phone_tel`, the same number as a
 * tel: URI ("tel:+8613800138000"), which starts with a letter: every spreadsheet keeps it
 * as text, '+' and all digits shown, with nothing to escape.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * 'explanation': `sql` is a stored facts column, written as its English line
 * (explanation-column.ts).
 */
export type ColumnType = 'int' | 'text' | 'bool' | 'id' | 'e164' | 'explanation';

/** The SQL function (registered per connection) that renders stored facts as English. */
export const EXPLANATION_FUNCTION = 'explanation_en';

/** The SQL giving a column's value as text: the facts rendered, for an explanation. */
export function valueSql(c: ColumnSpec): string {
  return c.type === 'explanation' ? `${EXPLANATION_FUNCTION}(${c.sql})` : c.sql;
}

/** An E.164 phone number exactly: what may go out unescaped in an 'e164' column. */
export const E164_CELL = /^\+[0-9]{1,15}$/;

export interface ColumnSpec {
  /** Header / JSON key. */
  name: string;
  /** SQL expression producing the value. */
  sql: string;
  /** 'id' (identifiers, code words) is escaped exactly like 'text'; it documents intent. */
  type: ColumnType;
}

/**
 * Field separator inside the line SQLite builds (0x1F, "unit separator"). Every input
 * schema refuses control characters (common.ts), so it never occurs in the data; the
 * encoder counts fields on every row anyway and fails the export rather than write a
 * shifted row if one ever did.
 */
const SEP = '\x1f';
const QUOTE_COMMA_OR_BREAK = /[",\r\n]/;
const C1_CONTROL = /[\u0080-\u009f]/;
/**
 * A quote, comma, CR or LF anywhere: the cell (or row) needs RFC 4180 quoting. C1
 * controls (U+0080–U+009F) are quoted too: the contract refuses them in new text, but
 * older rows and imports may hold them, and unquoted some readers act on them.
 * Two regexes, not one class: on the export's lines (a 200-char line with nothing to
 * find, almost every row) V8 scans the two apart in 0.03 + 0.12 µs, joined in 0.57 µs.
 */
export function needsQuoting(text: string): boolean {
  return QUOTE_COMMA_OR_BREAK.test(text) || C1_CONTROL.test(text);
}

/** = + - @ TAB CR and the full-width ＝ ＋ － ＠ (see the header comment). */
function isFormulaStart(code: number): boolean {
  switch (code) {
    case 0x3d:
    case 0x2b:
    case 0x2d:
    case 0x40:
    case 0x09:
    case 0x0d:
    case 0xff1d:
    case 0xff0b:
    case 0xff0d:
    case 0xff20:
      return true;
    default:
      return false;
  }
}

const isNumeric = (c: ColumnSpec) => c.type === 'int' || c.type === 'bool';

/**
 * The raw fields of one row as one string (format('%s') prints NULL as nothing).
 * Measured here: quoting tests in SQL (instr, GLOB, CASE per cell) made SQLite the
 * bottleneck; a simple V8 regex over the finished line and a walk over its separators
 * cost far less.
 */
export function rawLineSql(columns: readonly ColumnSpec[]): string {
  const pattern = columns.map(() => '%s').join(SEP);
  return `format('${pattern}', ${columns.map(valueSql).join(', ')})`;
}

/**
 * Turns a raw line into a CSV record. Fast path (almost every row): no quote, comma or
 * line break anywhere and no text field starting like a formula, so the separators just
 * become commas. Otherwise csv-stringify encodes the row (numbers passed as numbers, so
 * -120 is not taken for a formula).
 */
export function makeCsvEncoder(columns: readonly ColumnSpec[]): (raw: string) => string {
  const numeric = columns.map(isNumeric);
  const phone = columns.map((c) => c.type === 'e164');
  const hasPhone = phone.includes(true);
  const last = columns.length - 1;
  const slow = (raw: string) => {
    const cells = raw.split(SEP);
    const row = cells.map((c, i) => (numeric[i] && c !== '' ? Number(c) : c));
    if (!hasPhone || !cells.some((c, i) => phone[i] && E164_CELL.test(c))) return stringify([row], CSV_OPTIONS);
    // csv-stringify would escape the '+': each cell on its own (its quoting is per cell),
    // the exact E.164 ones as they are (digits and '+' never need quotes).
    return row
      .map((c, i) => (phone[i] && E164_CELL.test(cells[i]) ? cells[i] : stringify([[c]], CSV_OPTIONS)))
      .join(',');
  };
  const exempt = (raw: string, field: number, start: number) => {
    if (!phone[field]) return false;
    const end = raw.indexOf(SEP, start);
    return E164_CELL.test(end < 0 ? raw.slice(start) : raw.slice(start, end));
  };
  return (raw) => {
    let field = 0;
    let start = 0;
    let needsWork = needsQuoting(raw);
    for (;;) {
      if (!needsWork && !numeric[field] && isFormulaStart(raw.charCodeAt(start)) && !exempt(raw, field, start)) {
        needsWork = true;
      }
      const sep = raw.indexOf(SEP, start);
      if (sep < 0) break;
      field++;
      start = sep + 1;
    }
    if (field !== last) {
      throw new Error(`export row has ${field + 1} fields, expected ${columns.length} (separator in data?)`);
    }
    return needsWork ? slow(raw) : raw.replaceAll(SEP, ',');
  };
}

/**
 * One text cell exactly as csv-stringify writes it (per cell, the row encoder's slow path
 * joins these), without calling it when the text needs nothing (the common case).
 */
export function csvTextCell(text: string): string {
  return needsQuoting(text) || isFormulaStart(text.charCodeAt(0)) ? stringify([[text]], CSV_OPTIONS) : text;
}

/**
 * A text cell split where text appended to its value goes: `[cell, '']`, or before the
 * closing quote of a quoted cell (an unquoted cell never holds a quote). For a non-empty
 * `value` and a `tail` that needs no quoting, `pre + tail + post` is
 * `csvTextCell(value + tail)`: quoting depends on the characters (the tail adds none
 * that need it) and formula escaping on the first one (the value's).
 */
export function openTextCell(value: string): readonly [pre: string, post: string] {
  const cell = csvTextCell(value);
  return cell.endsWith('"') ? [cell.slice(0, -1), '"'] : [cell, ''];
}

export const CSV_OPTIONS = {
  escape_formulas: true,

  quoted_match: /[\u0080-\u009f]/,
  record_delimiter: '\r\n',
  // With an explicit CRLF delimiter csv-stringify would leave a lone LF unquoted, which
  // RFC 4180 readers split into two records.
  quote_record_delimiter: true,
  eof: false,
} as const;

/** The header record: column names are ours (plain ASCII), no quoting needed. */
export function csvHeader(columns: readonly ColumnSpec[]): string {
  return columns.map((c) => c.name).join(',');
}

/**
 * One JSON object per row, built by SQLite's json_object (escaping is SQLite's, and
 * integers stay numbers). Booleans are written as true/false.
 */
export function jsonLineSql(columns: readonly ColumnSpec[]): string {
  const parts = columns.map((c) => {
    const value = c.type === 'bool' ? `json(CASE ${c.sql} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)` : valueSql(c);
    return `'${c.name}', ${value}`;
  });
  return `json_object(${parts.join(', ')})`;
}

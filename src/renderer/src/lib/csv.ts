/**
 * CSV the renderer writes itself (the audit log, an import's refused rows): RFC 4180
 * (quotes doubled, a field with a quote, comma or line break quoted), CRLF records, a
 * UTF-8 BOM so Excel opens Chinese text correctly. The same formula rule as main's
 * exports (core/offline/export/cell-sql.ts): a text cell starting with = + - @ TAB CR
 * (or full-width ＝＋－＠) gets a leading apostrophe; numbers are written as numbers, and
 * a phone-like text (+86 139 8765 4321) is left alone.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
/**
 * Digits, spaces, ( ) . - after an optional sign: a phone number (+86 139 8765 4321) or a
 * signed number, which a spreadsheet cannot run as a function; left as it is, so a file
 * written here imports again (an apostrophe would make the phone invalid).
 */
const PLAIN_NUMBERISH = /^[+-]?[\d\s().-]+$/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null | undefined;

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = FORMULA_START.test(v) && !PLAIN_NUMBERISH.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], opts: { bom?: boolean } = {}): string {
  const body = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return (opts.bom === false ? '' : '\uFEFF') + body;
}

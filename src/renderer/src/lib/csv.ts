/**
 * CSV the renderer writes itself (the audit log, an import's refused rows): RFC 4180
 * (quotes doubled, a field with a quote, comma or line break quoted), CRLF records, a
 * UTF-8 BOM so Excel opens Chinese text correctly. The same formula rule as main's
 * exports (core/offline/export/cell-sql.ts): a text cell starting with = + - @ TAB CR
 * (or full-width ＝＋－＠) gets a leading apostrophe; numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null | undefined;

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], opts: { bom?: boolean } = {}): string {
  const body = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return (opts.bom === false ? '' : '\uFEFF') + body;
}

import type Database from 'better-sqlite3';
import type { Settings } from '../../../../shared/settings';
import type { ExplanationFacts } from '../../../../shared/explain/facts';
import { explainerFor } from '../../../../shared/explain/format-explanation';
import { wordingFor } from '../../../../shared/explain/wording';
import { csvTextCell, EXPLANATION_FUNCTION, needsQuoting, openTextCell } from './cell-sql';

/**
 * The `explanation` column of the ledger, purchases and refunds files: the stored facts
 * rendered by the same formatter the counter uses, always in ENGLISH. Head office merges
 * folders from many terminals and many runs by id; a language that followed each store's
 * setting at export time would mix languages in one merged column. (The counter and a
 * member's own data export use the store's language.)
 *
 * A CSV file gets the facts beside the rest of the line and finishes the cell in JS
 * (line-renderer.ts, `csvCell` below); JSON Lines call `explanation_en(facts)` in SQLite's
 * json_object (cell-sql.ts). The JSON was validated when it was written, so it is parsed
 * here without the schema check.
 */

const RECEIPT_KEY = ',"receiptNo":"';
const REMEMBERED_LINES = 50_000;

/**
 * Where the facts' receipt number is, when it is their last key (as every writer puts
 * it, see facts.ts) and needs no unescaping: the text before it and the receipt itself.
 */
function splitReceipt(json: string): { rest: string; receiptNo: string } | null {
  const at = json.lastIndexOf(RECEIPT_KEY);
  if (at < 0) return null;
  const start = at + RECEIPT_KEY.length;
  const end = json.length - 2; // ...,"receiptNo":"R-1"}
  if (json.charCodeAt(end) !== 0x22 || json.charCodeAt(end + 1) !== 0x7d) return null;
  const receiptNo = json.slice(start, end);
  if (receiptNo.includes('"') || receiptNo.includes('\\')) return null;
  return { rest: json.slice(0, at), receiptNo };
}

interface Remembered {
  /** The English line without the receipt (or whole, when the facts end in none). */
  line: string;
  /** Its CSV cell split where the receipt goes: `pre + receipt + post` (made on first use). */
  cell?: readonly [pre: string, post: string];
}

/** What an export renders the stored facts to: the text (JSON Lines) or the CSV cell. */
export interface StoredFactsRenderer {
  text(json: string): string;
  csvCell(json: string): string;
}

/**
 * Renders stored facts JSON to English. Rows that differ only by their receipt number
 * (the same amount at the same rate, the same adjustment…) read the same but for the
 * receipt at the end, and they are most rows of a ledger: the line is remembered by the
 * facts before the receipt, which saves the JSON parse and the formatting of a repeat
 * (measured here: ~10 µs a row rendered, ~1.5 µs remembered).
 *
 * `csvCell` remembers the line's CSV encoding too (issue 13: a row whose explanation
 * holds a comma — "105, Gold ×1.5", any store with tiers or promotions — went through
 * csv-stringify whole, 5–9 µs a row measured here): the receipt text never needs quoting
 * and never changes the cell's first character, so `stringify(line + receipt)` is the
 * remembered cell with the receipt put before its closing quote (cell-sql.ts
 * `openTextCell`, property-tested against csv-stringify).
 */
export function storedFactsRenderer(settings: Pick<Settings, 'currency' | 'currencyMinorUnits'>): StoredFactsRenderer {
  const options = { locale: 'en', currency: settings.currency, minorUnits: settings.currencyMinorUnits } as const;
  const explainWithout = explainerFor({ ...options, receipt: false });
  const explainWith = explainerFor(options);
  const receipt = wordingFor('en').receipt;
  let lines = new Map<string, Remembered>();
  const remembered = (json: string, split: { rest: string } | null): Remembered => {
    // Without a (final) receipt number the whole JSON is the key, and the line is whole.
    const key = split ? split.rest : json;
    let r = lines.get(key);
    if (r === undefined) {
      const facts = JSON.parse(json) as ExplanationFacts;
      r = { line: split ? explainWithout(facts) : explainWith(facts) };
      if (lines.size >= REMEMBERED_LINES) lines = new Map();
      lines.set(key, r);
    }
    return r;
  };
  return {
    text(json) {
      const split = splitReceipt(json);
      const { line } = remembered(json, split);
      return split ? line + receipt(split.receiptNo) : line;
    },
    csvCell(json) {
      const split = splitReceipt(json);
      const r = remembered(json, split);
      r.cell ??= openTextCell(r.line);
      if (!split) return r.cell[0] + r.cell[1];
      const tail = receipt(split.receiptNo);
      if (r.line === '' || needsQuoting(tail)) return csvTextCell(r.line + tail);
      return r.cell[0] + tail + r.cell[1];
    },
  };
}

/** The English text of stored facts (the JSON Lines column, tests). */
export function storedFactsExplainer(settings: Pick<Settings, 'currency' | 'currencyMinorUnits'>) {
  return storedFactsRenderer(settings).text;
}

export function registerExplanationFunction(reader: Database.Database, settings: Settings): void {
  const explain = storedFactsExplainer(settings);
  reader.function(EXPLANATION_FUNCTION, { deterministic: true }, (json: unknown) =>
    typeof json === 'string' ? explain(json) : null,
  );
}

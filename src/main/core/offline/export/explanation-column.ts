import type Database from 'better-sqlite3';
import type { Settings } from '../../../../shared/settings';
import type { ExplanationFacts } from '../../../../shared/explain/facts';
import { explainerFor } from '../../../../shared/explain/format-explanation';

/**
 * The `explanation` column of the ledger, purchases and refunds files: the stored facts
 * rendered by the same formatter the counter uses, always in ENGLISH. Head office merges
 * folders from many terminals and many runs by id; a language that followed each store's
 * setting at export time would mix languages in one merged column. (The counter and a
 * member's own data export use the store's language.)
 *
 * SQLite calls `explanation_en(facts)` per row while it builds the line (cell-sql.ts),
 * so the fast path stays: one JS string per row, no intermediate row objects. The JSON
 * was validated when it was written, so it is parsed here without the schema check.
 */
export const EXPLANATION_FUNCTION = 'explanation_en';

export function explanationSql(factsColumn: string): string {
  return `${EXPLANATION_FUNCTION}(${factsColumn})`;
}

export function registerExplanationFunction(reader: Database.Database, settings: Settings): void {
  const explain = explainerFor({ locale: 'en', currency: settings.currency, minorUnits: settings.currencyMinorUnits });
  reader.function(EXPLANATION_FUNCTION, { deterministic: true }, (json: unknown) =>
    typeof json === 'string' ? explain(JSON.parse(json) as ExplanationFacts) : null,
  );
}

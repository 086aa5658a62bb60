import Papa from 'papaparse';
import type { ImportRowProblem } from '../../../../shared/contract/offline';
import { toCsv } from '../../lib/csv';

/**
 * The rows an import refused, cut from the file the manager picked (decoded as chosen),
 * with the header and a last column saying what to fix: the manager corrects them in
 * the spreadsheet and imports this file (the extra column is not mapped to any field).
 * `row` is the record's index with the header at 0, as the report gives it. Only the
 * listed problems (the report lists at most 500) are included.
 */
export function refusedRowsCsv(
  fileText: string,
  problems: readonly ImportRowProblem[],
  describe: (p: ImportRowProblem) => string,
  problemHeader: string,
): string {
  const records = Papa.parse<string[]>(fileText.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
  const header = records[0] ?? [];
  const byRow = new Map<number, string[]>();
  for (const p of problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), describe(p)]);
  const rows = [...byRow.keys()]
    .sort((a, b) => a - b)
    .filter((r) => records[r] !== undefined)
    .map((r) => [...records[r], byRow.get(r)!.join('; ')]);
  return toCsv([[...header, problemHeader], ...rows]);
}

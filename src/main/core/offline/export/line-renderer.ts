import type { ExportFormat } from '../../../../shared/settings/offline';
import { csvHeader, jsonLineSql, makeCsvEncoder, rawLineSql } from './cell-sql';
import type { DatasetSpec } from './datasets';

/**
 * How one dataset's rows become one file's lines — shared by the main-thread export and
 * the worker threads (export-worker.ts), so both write the same bytes by construction:
 * the SELECT that renders each line in SQLite (cell-sql.ts), the JS step that finishes a
 * CSV line, the line end, and what comes before the first row.
 */
export interface LineRenderer {
  /** `SELECT <line> FROM … WHERE <where> ORDER BY …`, one string column per row. */
  sql(where: string): string;
  /** The finished line, line end included. */
  line(raw: string): string;
  /** Bytes before the first row: the BOM and header of a CSV file, nothing for JSON Lines. */
  head(bom: boolean): Buffer;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function lineRenderer(spec: DatasetSpec, format: ExportFormat): LineRenderer {
  const lineSql = format === 'csv' ? rawLineSql(spec.columns) : jsonLineSql(spec.columns);
  // JSON Lines come out of SQLite finished; CSV lines get the fast-path check (cell-sql.ts).
  const encode = format === 'csv' ? makeCsvEncoder(spec.columns) : null;
  const eol = format === 'csv' ? '\r\n' : '\n';
  return {
    sql: (where) => `SELECT ${lineSql} FROM ${spec.from} WHERE ${where} ORDER BY ${spec.orderBy}`,
    line: encode ? (raw) => encode(raw) + eol : (raw) => raw + eol,
    head: (bom) =>
      format === 'csv'
        ? Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(csvHeader(spec.columns) + eol, 'utf8')])
        : Buffer.alloc(0),
  };
}

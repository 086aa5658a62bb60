import type Database from 'better-sqlite3';
import type { Settings } from '../../../../shared/settings';
import type { ExportFormat } from '../../../../shared/settings/offline';
import { csvHeader, jsonLineSql, makeCsvEncoder, rawLineSql } from './cell-sql';
import type { DatasetSpec } from './datasets';
import { storedFactsRenderer } from './explanation-column';

/**
 * How one dataset's rows become one file's lines — shared by the main-thread export and
 * the worker threads (export-worker.ts), so both write the same bytes by construction:
 * the SELECT that renders each line in SQLite (cell-sql.ts), the JS step that finishes a
 * CSV line, the line end, and what comes before the first row.
 *
 * A CSV dataset with an explanation column (ledger, purchases, refunds) is selected as
 * three values: SQLite's line of the columns before it, the stored facts, the line of
 * the columns after it; JS puts the remembered explanation cell between them
 * (explanation-column.ts). Measured on the bench's ledger (issue 13): rendering the
 * facts in a SQLite function and quoting the finished line cost ~5 µs a row of the
 * ~7; this way the explanation's text and its quoting are made once per distinct line.
 */
export interface LineRenderer {
  /** `SELECT … FROM … WHERE <where> ORDER BY …`, prepared on `db`: each row is one `line()`. */
  statement(db: Database.Database, where: string): Database.Statement;
  /** The finished line, line end included. */
  line(row: unknown): string;
}

type Explaining = Pick<Settings, 'currency' | 'currencyMinorUnits'>;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function lineRenderer(spec: DatasetSpec, format: ExportFormat, settings: Explaining): LineRenderer {
  const select = (line: string, where: string) =>
    `SELECT ${line} FROM ${spec.from} WHERE ${where} ORDER BY ${spec.orderBy}`;
  if (format === 'jsonl') {
    // JSON Lines come out of SQLite finished.
    const sql = jsonLineSql(spec.columns);
    return { statement: (db, where) => db.prepare(select(sql, where)).pluck(), line: (raw) => `${raw as string}\n` };
  }
  const at = spec.columns.findIndex((c) => c.type === 'explanation');
  if (at < 0) {
    const sql = rawLineSql(spec.columns);
    const encode = makeCsvEncoder(spec.columns);
    return {
      statement: (db, where) => db.prepare(select(sql, where)).pluck(),
      line: (raw) => `${encode(raw as string)}\r\n`,
    };
  }
  const before = spec.columns.slice(0, at);
  const after = spec.columns.slice(at + 1);
  const part = (cols: typeof before) => (cols.length > 0 ? rawLineSql(cols) : "''");
  const sql = `${part(before)}, ${spec.columns[at].sql}, ${part(after)}`;
  const encodeBefore = before.length > 0 ? makeCsvEncoder(before) : null;
  const encodeAfter = after.length > 0 ? makeCsvEncoder(after) : null;
  const facts = storedFactsRenderer(settings);
  return {
    statement: (db, where) => db.prepare(select(sql, where)).raw(),
    line: (row) => {
      const [b, json, a] = row as [string, unknown, string];
      const cell = typeof json === 'string' ? facts.csvCell(json) : '';
      return `${encodeBefore ? `${encodeBefore(b)},` : ''}${cell}${encodeAfter ? `,${encodeAfter(a)}` : ''}\r\n`;
    },
  };
}

/** Bytes before a file's first row: the BOM and header of a CSV file, nothing for JSON Lines. */
export function fileHead(spec: DatasetSpec, format: ExportFormat, bom: boolean): Buffer {
  return format === 'csv'
    ? Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(`${csvHeader(spec.columns)}\r\n`, 'utf8')])
    : Buffer.alloc(0);
}

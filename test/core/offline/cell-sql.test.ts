import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import {
  CSV_OPTIONS,
  csvTextCell,
  jsonLineSql,
  makeCsvEncoder,
  needsQuoting,
  openTextCell,
  rawLineSql,
  type ColumnSpec,
} from '../../../src/main/core/offline/export/cell-sql';

/**
 * The export renders CSV in SQL for speed; these properties pin it to a well-kept
 * library: byte for byte what csv-stringify writes with formula escaping and CRLF,
 * and read back by csv-parse (the e2e test reads whole files with papaparse).
 */
const db = new Database(':memory:');
const cols: ColumnSpec[] = [
  { name: 't', sql: 't', type: 'text' },
  { name: 'n', sql: 'n', type: 'int' },
  { name: 'u', sql: 'u', type: 'text' },
  { name: 'i', sql: 'i', type: 'id' },
];
const rawStmt = db.prepare(`SELECT ${rawLineSql(cols)} FROM (SELECT ? AS t, ? AS n, ? AS u, ? AS i)`).pluck();
const encode = makeCsvEncoder(cols);
const jsonStmt = db.prepare(`SELECT ${jsonLineSql(cols)} FROM (SELECT ? AS t, ? AS n, ? AS u, ? AS i)`).pluck();

const tricky = fc.constantFrom(
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '"',
  ',',
  "'",
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
  '中',
  ' ',
  'a',
  '1',
);
const cell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.array(tricky, { maxLength: 12 }).map((a) => a.join('')),
  fc.uuid(),
  fc.constantFrom('earn', 'redeem_void', '-x', 'a.b:c'),
  fc.constant(null),
);

describe('CSV cells rendered by SQLite', () => {
  it('equal csv-stringify (escape_formulas, CRLF) for any text, and round-trip through csv-parse', () => {
    fc.assert(
      fc.property(cell, fc.integer({ min: -1e12, max: 1e12 }), cell, cell, (t, n, u, i) => {
        const ours = encode(rawStmt.get(t, BigInt(n), u, i) as string); // BigInt: bound as INTEGER, as in the STRICT tables
        // quote_record_delimiter: csv-stringify's default with an explicit CRLF delimiter leaves
        // a lone LF unquoted, which RFC 4180 readers split into two records; we always quote it.
        const lib = stringify([[t, n, u, i]], {
          escape_formulas: true,
          record_delimiter: '\r\n',
          quote_record_delimiter: true,
          eof: false,
        });
        expect(ours).toBe(lib);
        const back = (parse(ours + '\r\n', { record_delimiter: '\r\n' }) as string[][])[0];
        const defuse = (s: string | null) =>
          s === null || s === '' ? '' : /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s;
        expect(back).toEqual([defuse(t), String(n), defuse(u), defuse(i)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('JSON Lines keep the exact text and integer types', () => {
    fc.assert(
      fc.property(cell, fc.integer({ min: -1e12, max: 1e12 }), cell, cell, (t, n, u, i) => {
        const line = jsonStmt.get(t, BigInt(n), u, i) as string;
        expect(line).not.toMatch(/\n/);
        expect(JSON.parse(line)).toEqual({ t, n, u, i });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a text cell remembered and finished later (the explanation column)', () => {
  const text = fc.oneof(
    cell.map((c) => c ?? ''),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  it('csvTextCell is csv-stringify for one cell, and the open cell plus a tail is the whole one', () => {
    fc.assert(
      fc.property(text, text, (value, tail) => {
        expect(csvTextCell(value)).toBe(stringify([[value]], CSV_OPTIONS));
        const [pre, post] = openTextCell(value);
        expect(pre + post).toBe(csvTextCell(value));
        // What the export relies on (explanation-column.ts): a non-empty value, a tail needing no quotes.
        if (value !== '' && !needsQuoting(tail)) expect(pre + tail + post).toBe(csvTextCell(value + tail));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('reading a CSV file back', () => {
  it('counts records across chunk borders, with quoted line breaks and doubled quotes', async () => {
    const { readBack } = await import('../../../src/main/core/offline/export/file-checks');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const rows = [['h1', 'h2']];
    for (let i = 0; i < 5000; i++)
      rows.push([i % 7 === 0 ? `multi\r\nline "${i}"` : `plain ${i}`, i % 3 === 0 ? 'a,b' : 'c']);
    const text = stringify(rows, { record_delimiter: '\r\n', quote_record_delimiter: true });
    const path = join(mkdtempSync(join(tmpdir(), 'pd-readback-')), 'x.csv');
    writeFileSync(path, text);
    const back = await readBack(path, 'csv');
    expect(back.records).toBe(5000);
    expect(back.bytes).toBe(Buffer.byteLength(text));
  });
});

import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { SCENARIO_RULES, makePointsCore } from '../points/points-helpers';
import Database from 'better-sqlite3';
import {
  registerExplanationFunction,
  storedFactsExplainer,
} from '../../../src/main/core/offline/export/explanation-column';
import { LEDGER, PURCHASES, REFUNDS } from '../../../src/main/core/offline/export/datasets';
import { lineRenderer } from '../../../src/main/core/offline/export/line-renderer';
import { makeCsvEncoder, rawLineSql } from '../../../src/main/core/offline/export/cell-sql';
import type { Settings } from '../../../src/shared/settings';
import { facts, type EarnFacts } from '../../../src/shared/explain/facts';

const readCsv = (path: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('export: the explanation column', () => {
  it('is rendered from the stored facts, in English whatever the store language', async () => {
    const { core, tokens, member } = await makePointsCore({
      rules: { ...SCENARIO_RULES, tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }] },
    });
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: member, receiptNo: 'X-1', totalMinor: 10500 },
      tokens.cashier,
    );
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: 'X-1' }, tokens.cashier);
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: member, points: 5, reason: 'Goodwill, twice' },
      tokens.manager,
    );
    // The counter speaks Chinese; head office still gets one language in the merged column.
    await core.ok('settings:update', { locale: 'zh-CN' }, tokens.manager);
    const dir = mkdtempSync(join(tmpdir(), 'pd-export-explain-'));
    await core.ok(
      'offline:exportConfig',
      {
        exportDir: dir,
        exportEveryHours: 0,
        exportClosingTime: '',
        exportFormats: ['csv', 'jsonl'],
        exportCsvBom: false,
      },
      tokens.manager,
    );
    const r = await core.ok('offline:exportRun', { kind: 'full' }, tokens.manager);

    const award = '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down)';
    const ledger = readCsv(join(r.path, 'ledger.csv')).map((row) => [row.kind, row.explanation]);
    expect(ledger).toEqual([
      ['earn', `${award} · receipt X-1`],
      ['refund_clawback', 'Returned 1 × line 1 (¥105.00): -157 pts earned · receipt X-1'],
      ['adjust', 'Manager adjustment +5 pts: Goodwill, twice'],
    ]);
    expect(readJsonl(join(r.path, 'ledger.jsonl')).map((row) => row.explanation)).toEqual(ledger.map((l) => l[1]));
    expect(readCsv(join(r.path, 'purchases.csv'))[0].explanation).toBe(`${award} · receipt X-1`);
    expect(readCsv(join(r.path, 'refunds.csv'))[0].explanation).toBe(
      'Returned 1 × line 1 (¥105.00): -157 pts earned · receipt X-1',
    );
    const text = readFileSync(join(r.path, 'ledger.csv'), 'utf8');
    expect(text).not.toMatch(/积分|schemaVersion/);

    // The cell made in JS and remembered (line-renderer.ts) is byte for byte the whole row
    // rendered in SQLite and CSV-encoded as before it (commas, quotes, receipts and all).
    const reader = new Database(join(core.dir, 'perkdesk.sqlite'), { readonly: true });
    const settings = { currency: 'CNY', currencyMinorUnits: 2 };
    registerExplanationFunction(reader, settings as Settings);
    for (const spec of [LEDGER, PURCHASES, REFUNDS]) {
      const rowPath = makeCsvEncoder(spec.columns);
      const before = (
        reader
          .prepare(`SELECT ${rawLineSql(spec.columns)} FROM ${spec.from} ORDER BY ${spec.orderBy}`)
          .pluck()
          .all() as string[]
      ).map((raw) => `${rowPath(raw)}\r\n`);
      const render = lineRenderer(spec, 'csv', settings);
      const now = (render.statement(reader, '1').all() as unknown[]).map((row) => render.line(row));
      expect(now, spec.name).toEqual(before);
      expect(
        now.some((l) => l.includes('"')),
        spec.name,
      ).toBe(true);
    }
    reader.close();
  });
});

describe('storedFactsExplainer: remembered lines', () => {
  const explain = storedFactsExplainer({ currency: 'CNY', currencyMinorUnits: 2 });
  const earn = (receiptNo: string) =>
    JSON.stringify(
      facts<EarnFacts>({
        kind: 'earn',
        ruleVersion: 1,
        rate: { points: 1, perMinor: 100 },
        minSpendMinor: 0,
        rounding: { mode: 'down', appliedTo: 'purchase' },
        paidMinor: 1050,
        parts: [{ onMinor: 1050 }],
        points: 10,
        receiptNo,
      }),
    );

  it('gives each row its own receipt and the same line otherwise, whatever the receipt holds', () => {
    expect(earn('R-1').endsWith(',"receiptNo":"R-1"}')).toBe(true); // the writers' key order
    const line = '¥10.50 × 1 pt/¥1 = 10.5 → 10 pts (rounded down)';
    expect(explain(earn('R-1'))).toBe(`${line} · receipt R-1`);
    expect(explain(earn('R-2'))).toBe(`${line} · receipt R-2`);
    expect(explain(earn('R-"3"'))).toBe(`${line} · receipt R-"3"`);
    expect(explain(earn('R\\4'))).toBe(`${line} · receipt R\\4`);
    const adjust = JSON.stringify(facts({ kind: 'adjust', points: 5, reason: 'Goodwill' }));
    expect(explain(adjust)).toBe('Manager adjustment +5 pts: Goodwill');
    expect(explain(adjust)).toBe('Manager adjustment +5 pts: Goodwill');
    // A receipt that is not the last key (hand-written JSON) still reads right.
    const { receiptNo: _x, ...rest } = JSON.parse(earn('x')) as EarnFacts;
    expect(explain(JSON.stringify({ receiptNo: 'R-5', ...rest }))).toBe(`${line} · receipt R-5`);
  });
});

/**
 * Issue 9 item 19: how phone numbers are written (README "Data: exports"). `phone` is the
 * exact E.164 string for programs (csv-parse reads back "+8613800138000"), `phone_tel`
 * the tel: URI a spreadsheet keeps as text; no cell a spreadsheet would run as a formula
 * gets out unescaped; and the import reads every form the export writes (and the
 * apostrophe-escaped one older exports wrote) as the same number.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore, type TestCore } from '../../helpers/core';
import { E164_CELL, makeCsvEncoder, type ColumnSpec } from '../../../src/main/core/offline/export/cell-sql';
import { phoneFromCell } from '../../../src/main/core/offline/import/import-members';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const MEMBERS = [
  { name: 'Li Wei', phone: '138 0013 8000' },
  // A comma and quotes in the name: the row takes the slow (csv-stringify) path.
  { name: 'O\'Brien, "Pat"', phone: '+44 20 7946 0958' },
  // A formula for a name, a phone beside it: the name escaped, the phone exact.
  { name: '=cmd|calc', phone: '139 0013 9000' },
  { name: 'No Phone', email: 'np@example.com' },
];

async function exportMembers(core: TestCore, token: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pd-phones-'));
  await core.ok(
    'offline:exportConfig',
    { exportDir: dir, exportEveryHours: 0, exportClosingTime: '', exportFormats: ['csv', 'jsonl'], exportCsvBom: true },
    token,
  );
  const r = await core.ok('offline:exportRun', { kind: 'full' }, token);
  const csv = readFileSync(join(r.path, 'members.csv'), 'utf8');
  const jsonl = readFileSync(join(r.path, 'members.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { csv, jsonl };
}

/** What a spreadsheet runs as a formula: a cell starting with = + - @ TAB CR (or full-width). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

describe('exports: phone numbers', () => {
  it('phone is the exact E.164 value through csv-parse, phone_tel is text for spreadsheets, JSON Lines the same', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const m of MEMBERS) await core.ok('members:register', m, tokens.cashier);
    const { csv, jsonl } = await exportMembers(core, tokens.manager);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    const byName = new Map(rows.map((r) => [r.name.replace(/^'/, ''), r]));
    expect(byName.get('Li Wei')).toMatchObject({ phone: '+8613800138000', phone_tel: 'tel:+8613800138000' });
    expect(byName.get('O\'Brien, "Pat"')).toMatchObject({ phone: '+442079460958', phone_tel: 'tel:+442079460958' });
    expect(byName.get('=cmd|calc')).toMatchObject({
      name: "'=cmd|calc",
      phone: '+8613900139000',
      phone_tel: 'tel:+8613900139000',
    });
    expect(byName.get('No Phone')).toMatchObject({ phone: '', phone_tel: '' });
    // The stored value, byte for byte: what head office's program joins on.
    const stored = core.db.prepare('SELECT phone FROM members WHERE phone IS NOT NULL ORDER BY phone').pluck().all();
    expect(
      rows
        .map((r) => r.phone)
        .filter(Boolean)
        .sort(),
    ).toEqual(stored);
    expect(jsonl.map((r) => r.phone).sort()).toEqual([...stored, null].sort());
    expect(jsonl.find((r) => r.phone === '+8613800138000')?.phone_tel).toBe('tel:+8613800138000');
  });

  it('spreadsheet safety: no formula-looking cell goes out except an exact E.164 phone, which cannot be one', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const m of MEMBERS) await core.ok('members:register', m, tokens.cashier);
    const { csv } = await exportMembers(core, tokens.manager);
    const records = parse(csv, { bom: true }) as string[][];
    const header = records[0];
    for (const row of records.slice(1)) {
      row.forEach((cell, i) => {
        if (!FORMULA_START.test(cell)) return;
        // The only exemption: the phone column holding '+' and digits only.
        expect(header[i], cell).toBe('phone');
        expect(cell).toMatch(E164_CELL);
      });
    }
    // The spreadsheet column starts with a letter: text everywhere, nothing escaped.
    const tel = records.slice(1).map((r) => r[header.indexOf('phone_tel')]);
    expect(tel.filter(Boolean).every((c) => /^tel:\+[0-9]+$/.test(c))).toBe(true);
    expect(csv).not.toContain("'+");
  });

  it('an e164 column escapes anything that is not exactly an E.164 number, fast path or slow', () => {
    const cols: ColumnSpec[] = [
      { name: 'name', sql: 'name', type: 'text' },
      { name: 'phone', sql: 'phone', type: 'e164' },
    ];
    const encode = makeCsvEncoder(cols);
    const SEP = '\x1f';
    expect(encode(`Li${SEP}+8613800138000`)).toBe('Li,+8613800138000');
    expect(encode(`Li, Wei${SEP}+8613800138000`)).toBe('"Li, Wei",+8613800138000');
    expect(encode(`Li${SEP}+1+cmd|' /C calc'!A0`)).toBe("Li,'+1+cmd|' /C calc'!A0");
    expect(encode(`Li${SEP}=1+1`)).toBe("Li,'=1+1");
    expect(encode(`Li${SEP}+86 138`)).toBe("Li,'+86 138");
    expect(encode(`+86${SEP}+86`)).toBe("'+86,+86"); // a text column is never exempt
    expect(encode(`Li${SEP}`)).toBe('Li,');
  });
});

describe('import reads what export writes', () => {
  it('phone, phone_tel and the old apostrophe form are the same number', () => {
    for (const cell of ['+8613800138000', 'tel:+8613800138000', 'TEL:+8613800138000', "'+8613800138000"]) {
      expect(phoneFromCell(cell)).toBe('+8613800138000');
    }
    expect(phoneFromCell("'=cmd")).toBe("'=cmd"); // only an escaped phone loses its apostrophe
  });

  it('an exported members.csv imports into another store as the same members; into the same store, as duplicates', async () => {
    const a = await makeStaffedCore();
    for (const m of MEMBERS) await a.core.ok('members:register', m, a.tokens.cashier);
    const { csv } = await exportMembers(a.core, a.tokens.manager);
    const b = await makeStaffedCore();
    const dry = await b.core.ok('offline:importDryRun', { fileBase64: b64(csv) }, b.tokens.manager);
    expect(dry.mapping.phone).toBe('phone');
    // Every row reads (the formula-named member keeps the export's apostrophe: text, not a formula).
    expect(dry).toMatchObject({ totalRows: 4, created: 4, errorCount: 0 });
    await b.core.ok('offline:import', { fileBase64: b64(csv) }, b.tokens.manager);
    const phones = (core: TestCore) => core.db.prepare('SELECT phone FROM members ORDER BY phone').pluck().all();
    expect(phones(b.core)).toEqual(phones(a.core));
    // Back into the store it came from: nobody new.
    const again = await a.core.ok('offline:importDryRun', { fileBase64: b64(csv) }, a.tokens.manager);
    expect(again.created).toBe(0);
    // The spreadsheet column alone, or the apostrophe form older exports wrote, read the same.
    const telOnly = ['name,phone_tel', 'Li Wei,tel:+8613800138000', "Old Export,'+8613900139000"].join('\r\n');
    const tel = await a.core.ok('offline:importDryRun', { fileBase64: b64(telOnly) }, a.tokens.manager);
    expect(tel).toMatchObject({ mapping: { phone: 'phone_tel' }, created: 0, duplicates: 2, errorCount: 0 });
  });
});

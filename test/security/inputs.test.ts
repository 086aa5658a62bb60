import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../helpers/core';
import { makeCsvEncoder } from '../../src/main/core/offline/export/cell-sql';
import type { Result } from '../../src/shared/errors';

/**
 * Findings (item 10): length limits were checked before NFKC (80 × U+FDFA stored 1,440
 * characters); U+0080–U+009F control characters reached CSV unquoted; `settings:update`
 * accepted a relative `exportDir` that `offline:exportConfig` refused.
 */
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('inputs', () => {
  it('limits hold after NFKC: 80 × U+FDFA is refused as a member name', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call(
      'members:register',
      { name: '\uFDFA'.repeat(80), phone: '139 0000 0001' },
      tokens.cashier,
    );
    expect(codeOf(r)).toBe('VALIDATION');
    expect(r.ok ? null : r.error.details?.issues).toEqual([
      expect.objectContaining({ path: 'name', rule: 'tooLongNormalized', maximum: 80 }),
    ]);
    expect(core.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
  });

  it('U+0080–U+009F are refused in names and reasons', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const c of ['\u0080', '\u0085', '\u009B', '\u009F']) {
      const r = await core.call('members:register', { name: `Lin${c}Mei`, phone: '139 0000 0002' }, tokens.cashier);
      expect(`${c.charCodeAt(0).toString(16)}: ${codeOf(r)}`).toBe(`${c.charCodeAt(0).toString(16)}: VALIDATION`);
    }
    const ok = await core.call('members:register', { name: 'Lin Mei', phone: '139 0000 0002' }, tokens.cashier);
    expect(codeOf(ok)).toBe('ok');
  });

  it('a C1 control already in the data is quoted in CSV', () => {
    const encode = makeCsvEncoder([
      { name: 'id', sql: 'id', type: 'id' },
      { name: 'name', sql: 'name', type: 'text' },
    ] as never);
    expect(encode(`m1\x1fLin\u009BMei`)).toBe(`m1,"Lin\u009BMei"`);
    expect(encode('m2\x1fLin Mei')).toBe('m2,Lin Mei');
  });

  it('exportDir is validated the same in every channel that sets it', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const dir of ['exports', './exports', '../../etc', '/media/usb/../../etc', 'C:exports']) {
      const viaSettings = await core.call('settings:update', { exportDir: dir }, tokens.manager);
      const viaConfig = await core.call(
        'offline:exportConfig',
        { exportDir: dir, exportEveryHours: 0, exportClosingTime: '', exportFormats: ['csv'], exportCsvBom: false },
        tokens.manager,
      );
      expect(`${dir}: ${codeOf(viaSettings)} / ${codeOf(viaConfig)}`).toBe(`${dir}: VALIDATION / VALIDATION`);
    }
    // Clearing it (not configured) is still allowed where it was.
    expect(codeOf(await core.call('settings:update', { exportDir: '' }, tokens.manager))).toBe('ok');
  });
});

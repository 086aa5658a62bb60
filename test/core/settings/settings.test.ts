import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { settingsGroups, SETTINGS_DEFAULTS } from '../../../src/shared/settings';

describe('settings', () => {
  it('starts from complete defaults', async () => {
    const { core, tokens } = await makeStaffedCore();
    expect(await core.ok('settings:get', {}, tokens.cashier)).toEqual(SETTINGS_DEFAULTS);
  });

  it('updates only the given keys, records who and when, audits the change', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await core.ok('settings:update', { storeName: 'Tea House 茶馆', idleLockMinutes: 2 }, tokens.manager);
    expect(s).toMatchObject({ storeName: 'Tea House 茶馆', idleLockMinutes: 2, currency: 'CNY' });
    const row = core.db.prepare("SELECT updated_by, updated_at FROM settings WHERE key = 'storeName'").get() as {
      updated_by: string;
      updated_at: number;
    };
    expect(row.updated_at).toBe(core.clock.t);
    expect(row.updated_by).toBeTruthy();
    const audit = core.db.prepare("SELECT target, details FROM audit_log WHERE action = 'settings.changed'").all();
    expect(audit).toHaveLength(2);
    // A second partial update leaves the first one alone.
    const s2 = await core.ok('settings:update', { locale: 'zh-CN' }, tokens.manager);
    expect(s2.storeName).toBe('Tea House 茶馆');
  });

  it("the counter's unusually large amount defaults to 2,000.00 and a manager may change it", async () => {
    const { core, tokens } = await makeStaffedCore();
    expect((await core.ok('settings:get', {}, tokens.cashier)).largeAmountMinor).toBe(200_000);
    const s = await core.ok('settings:update', { largeAmountMinor: 50_000 }, tokens.manager);
    expect(s.largeAmountMinor).toBe(50_000);
    expect((await core.ok('settings:get', {}, tokens.cashier)).largeAmountMinor).toBe(50_000);
  });

  it('cashiers may read but not change settings', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call('settings:update', { storeName: 'x' }, tokens.cashier);
    expectError(r, 'FORBIDDEN');
  });

  it.each([
    [{ currency: 'yuan' }],
    [{ currency: 'CN¥' }],
    [{ currencyMinorUnits: 2.5 }],
    [{ currencyMinorUnits: -1 }],
    [{ idleLockMinutes: 0 }],
    [{ idleLockMinutes: Number.NaN }],
    [{ idleLockMinutes: '5' }],
    [{ locale: 'fr' }],
    [{ largeAmountMinor: -1 }],
    [{ largeAmountMinor: 2000.5 }],
    [{ largeAmountMinor: '200000' }],
    [{ largeAmountMinor: 100_000_000_001 }],
    [{ storeName: '' }],
    [{ storeName: 'x'.repeat(100_000) }],
    [{ storeName: 'a\u0000b' }],
    [{ storeName: 'line\nbreak' }],
    [{ unknownKey: 1 }],
    [null],
    ['storeName'],
  ])('rejects %j with VALIDATION and writes nothing', async (patch) => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const r = await core.call('settings:update', patch as never, tokens.manager);
    expectError(r, 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('accepts SQL-looking text as plain text', async () => {
    const { core, tokens } = await makeStaffedCore();
    const name = "Robert'); DROP TABLE staff;--";
    expect((await core.ok('settings:update', { storeName: name }, tokens.manager)).storeName).toBe(name);
    expect(snapshotCounts(core).staff).toBe(3);
  });

  it('keeps setting keys unique across groups', () => {
    const keys = Object.values(settingsGroups).flatMap((g) => Object.keys(g.shape));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

/**
 * Issue 9 item 20: the owner set-up also sets the store's language, name and currency,
 * in the same transaction, audited with the set-up; bad input writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { makeCore, OWNER, snapshotCounts } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';

const STORE = { locale: 'zh-CN', storeName: '茶小馆 Tea House', currency: 'HKD', currencyMinorUnits: 2 } as const;

describe('owner set-up with the store settings', () => {
  it('saves language, store name and currency with the owner; auth:status speaks them before sign-in', async () => {
    const core = makeCore();
    await core.ok('auth:setupOwner', { ...OWNER, store: STORE });
    const status = await core.ok('auth:status', {});
    expect(status).toMatchObject({ needsSetup: false, storeName: STORE.storeName, locale: 'zh-CN' });
    const owner = (await core.ok('auth:signIn', { username: OWNER.username, password: OWNER.password })).token;
    const settings = await core.ok('settings:get', {}, owner);
    expect(settings).toMatchObject({ currency: 'HKD', currencyMinorUnits: 2, storeName: STORE.storeName });
    const record = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'staff.ownerCreated'")
      .pluck()
      .get() as string;
    expect(JSON.parse(record)).toMatchObject({ username: OWNER.username, store: STORE });
    expect(record).not.toContain(OWNER.password);
    // Settings rows say who set them: the owner just created.
    const by = core.db.prepare("SELECT updated_by FROM settings WHERE key = 'currency'").pluck().get();
    const ownerId = core.db.prepare("SELECT id FROM staff WHERE role = 'owner'").pluck().get();
    expect(by).toBe(ownerId);
  });

  it('without the store part the defaults stay (older clients, the test helpers)', async () => {
    const core = makeCore();
    await core.ok('auth:setupOwner', OWNER);
    expect(await core.ok('auth:status', {})).toMatchObject({ storeName: 'PerkDesk Store', locale: 'en' });
  });

  it('refuses bad store values with a typed error and writes nothing (no owner either)', async () => {
    const core = makeCore();
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      { ...STORE, locale: 'xx' },
      { ...STORE, currency: 'hkd' },
      { ...STORE, currency: 'HKDX' },
      { ...STORE, currencyMinorUnits: 1.5 },
      { ...STORE, currencyMinorUnits: -1 },
      { ...STORE, currencyMinorUnits: Number.NaN },
      { ...STORE, storeName: '' },
      { ...STORE, storeName: 'x'.repeat(100_000) },
      { ...STORE, storeName: 'Tea\u0007House' },
      { ...STORE, storeName: "'; DROP TABLE settings; --" + 'x'.repeat(80) },
      { ...STORE, extra: true },
      { locale: 'en' },
      'CNY',
    ];
    for (const store of bad) {
      const r = await core.call('auth:setupOwner', { ...OWNER, store } as never);
      expectError(r, 'VALIDATION');
    }
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('auth:status', {})).needsSetup).toBe(true);
  });

  it('a second set-up is refused and changes no setting', async () => {
    const core = makeCore();
    await core.ok('auth:setupOwner', { ...OWNER, store: STORE });
    const again = await core.call('auth:setupOwner', {
      ...OWNER,
      username: 'other',
      store: { ...STORE, storeName: 'Taken Over' },
    });
    expectError(again, 'CONFLICT', { reason: 'alreadySetUp' });
    expect((await core.ok('auth:status', {})).storeName).toBe(STORE.storeName);
  });
});

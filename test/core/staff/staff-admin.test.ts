import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { makeStaffedCore, CASHIER, MANAGER } from '../../helpers/core';

describe('staff admin', () => {
  it('managers create cashiers but not managers; the owner creates both', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.call(
      'staff:create',
      { username: 'm2', displayName: 'M2', role: 'manager', password: 'long enough pw' },
      tokens.manager,
    );
    expectError(m, 'FORBIDDEN');
    await core.ok(
      'staff:create',
      { username: 'c2', displayName: 'C2', role: 'cashier', password: 'long enough pw' },
      tokens.manager,
    );
    await core.ok(
      'staff:create',
      { username: 'm2', displayName: 'M2', role: 'manager', password: 'long enough pw' },
      tokens.owner,
    );
    const dup = await core.call(
      'staff:create',
      { username: 'C2', displayName: 'dup', role: 'cashier', password: 'long enough pw' },
      tokens.owner,
    );
    expectError(dup, 'CONFLICT', { field: 'username' });
  });

  it('deactivating ends the sessions and blocks sign-in; reactivating restores it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const cashier = (await core.ok('staff:list', {}, tokens.manager)).find((s) => s.username === CASHIER.username)!;
    await core.ok('staff:deactivate', { staffId: cashier.id }, tokens.manager);
    expectError(await core.call('auth:me', {}, tokens.cashier), 'UNAUTHENTICATED');
    const signIn = await core.call('auth:signIn', { username: CASHIER.username, password: CASHIER.password });
    expectError(signIn, 'UNAUTHENTICATED');
    await core.ok('staff:reactivate', { staffId: cashier.id }, tokens.manager);
    expect((await core.call('auth:signIn', { username: CASHIER.username, password: CASHIER.password })).ok).toBe(true);
  });

  it('nobody manages the owner or themselves; managers do not manage managers', async () => {
    const { core, tokens } = await makeStaffedCore();
    const list = await core.ok('staff:list', {}, tokens.owner);
    const owner = list.find((s) => s.role === 'owner')!;
    const manager = list.find((s) => s.username === MANAGER.username)!;
    expectError(await core.call('staff:deactivate', { staffId: owner.id }, tokens.manager), 'FORBIDDEN');
    expectError(await core.call('staff:deactivate', { staffId: owner.id }, tokens.owner), 'FORBIDDEN');
    expectError(await core.call('staff:deactivate', { staffId: manager.id }, tokens.manager), 'FORBIDDEN');
    expect((await core.call('staff:deactivate', { staffId: manager.id }, tokens.owner)).ok).toBe(true);
  });
});

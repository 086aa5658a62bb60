import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { makeCore, makeStaffedCore, OWNER, CASHIER, snapshotCounts } from '../../helpers/core';
import { FREE_ATTEMPTS, MAX_BACKOFF_MS } from '../../../src/main/core/staff/backoff';

describe('first run', () => {
  it('has no accounts until the owner is created, and shows the recovery key once', async () => {
    const core = makeCore();
    expect((await core.ok('auth:status', {})).needsSetup).toBe(true);
    const bad = await core.call('auth:signIn', { username: 'admin', password: 'admin123' });
    expectError(bad, 'UNAUTHENTICATED');
    const { recoveryKey } = await core.ok('auth:setupOwner', OWNER);
    expect(recoveryKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect((await core.ok('auth:status', {})).needsSetup).toBe(false);
    // Only a hash is stored.
    const dump = JSON.stringify(core.db.prepare('SELECT * FROM meta').all());
    expect(dump).not.toContain(recoveryKey);
    const again = await core.call('auth:setupOwner', { ...OWNER, username: 'other' });
    expectError(again, 'CONFLICT');
  });

  it('refuses short and common passwords', async () => {
    const core = makeCore();
    for (const password of ['short', 'password123', '12345678', 'aaaaaaaaaa', 'owner-owner-1']) {
      const r = await core.call('auth:setupOwner', { ...OWNER, password });
      expectError(r, 'VALIDATION');
    }
    expect(snapshotCounts(core).staff).toBe(0);
  });
});

describe('sign-in', () => {
  it('signs in, returns an opaque token, signs out', async () => {
    const { core, tokens } = await makeStaffedCore();
    const me = await core.ok('auth:me', {}, tokens.cashier);
    expect(me.role).toBe('cashier');
    await core.ok('auth:signOut', {}, tokens.cashier);
    const after = await core.call('auth:me', {}, tokens.cashier);
    expectError(after, 'UNAUTHENTICATED');
  });

  it('backs off after 5 failures, time-based, and audits every attempt', async () => {
    const { core } = await makeStaffedCore();
    const wrong = { username: CASHIER.username, password: 'not the password' };
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      const r = await core.call('auth:signIn', wrong);
      expectError(r, 'UNAUTHENTICATED');
    }
    const fifth = await core.call('auth:signIn', wrong);
    expectError(fifth, 'LOCKED');
    // Even the right password is refused during the back-off...
    const right = await core.call('auth:signIn', { username: CASHIER.username, password: CASHIER.password });
    expectError(right, 'LOCKED');
    // ...and accepted once it has passed: nobody can be locked out for good.
    core.clock.advance(MAX_BACKOFF_MS + 1);
    expect((await core.call('auth:signIn', { username: CASHIER.username, password: CASHIER.password })).ok).toBe(true);
    const actions = (core.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map(
      (r) => r.action,
    );
    expect(actions.filter((a) => a === 'auth.signInFailed')).toHaveLength(FREE_ATTEMPTS);
    expect(actions).toContain('auth.backoff');
    expect(actions).toContain('auth.signInBlocked');
  });

  it('treats an unknown user like a wrong password', async () => {
    const { core } = await makeStaffedCore();
    const r = await core.call('auth:signIn', { username: 'nobody', password: 'whatever123' });
    expect(r.ok || r.error.message).toBe('Wrong user name or password');
  });
});

describe('idle lock', () => {
  it('locks a session idle longer than the setting, in main, and unlocks with the password', async () => {
    const { core, tokens } = await makeStaffedCore();
    core.clock.advance(5 * 60_000 + 1);
    const r = await core.call('settings:get', {}, tokens.cashier);
    expectError(r, 'LOCKED');
    const locked = await core.call('auth:me', {}, tokens.cashier);
    expect(locked.ok).toBe(true); // allowed while locked
    const list = await core.call('staff:list', {}, tokens.manager);
    expectError(list, 'LOCKED');
    const wrong = await core.call('auth:unlock', { password: 'nope nope nope' }, tokens.manager);
    expectError(wrong, 'UNAUTHENTICATED');
    await core.ok('auth:unlock', { password: 'manager pass 42' }, tokens.manager);
    expect((await core.call('staff:list', {}, tokens.manager)).ok).toBe(true);
  });

  it('locks on request (lock button / renderer idle timer)', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('auth:lock', {}, tokens.cashier);
    const r = await core.call('settings:get', {}, tokens.cashier);
    expectError(r, 'LOCKED');
  });
});

describe('passwords and recovery', () => {
  it('changes own password only with the current one', async () => {
    const { core, tokens } = await makeStaffedCore();
    const bad = await core.call(
      'auth:changePassword',
      { currentPassword: 'wrong wrong', newPassword: 'a brand new one' },
      tokens.cashier,
    );
    expectError(bad, 'VALIDATION');
    await core.ok(
      'auth:changePassword',
      { currentPassword: CASHIER.password, newPassword: 'a brand new one' },
      tokens.cashier,
    );
    expect((await core.call('auth:signIn', { username: CASHIER.username, password: 'a brand new one' })).ok).toBe(true);
  });

  it('resets a cashier with a one-time code that expires in 15 minutes', async () => {
    const { core, tokens } = await makeStaffedCore();
    const cashier = (await core.ok('staff:list', {}, tokens.manager)).find((s) => s.role === 'cashier')!;
    const { code, expiresAt } = await core.ok('staff:issueResetCode', { staffId: cashier.id }, tokens.manager);
    expect(expiresAt - core.clock.t).toBe(15 * 60_000);
    await core.ok('auth:resetWithCode', { username: CASHIER.username, code, newPassword: 'reset by code 1' });
    // One-time: the same code cannot be used again.
    const reuse = await core.call('auth:resetWithCode', {
      username: CASHIER.username,
      code,
      newPassword: 'reset by code 2',
    });
    expectError(reuse, 'UNAUTHENTICATED');
    // The old session was ended by the reset.
    expectError(await core.call('auth:me', {}, tokens.cashier), 'UNAUTHENTICATED');
    const second = await core.ok('staff:issueResetCode', { staffId: cashier.id }, tokens.manager);
    core.clock.advance(15 * 60_000 + 1);
    const late = await core.call('auth:resetWithCode', {
      username: CASHIER.username,
      code: second.code,
      newPassword: 'too late now 1',
    });
    expectError(late, 'UNAUTHENTICATED');
  });

  it('recovers the owner with the recovery key, which is then replaced', async () => {
    const core = makeCore();
    const { recoveryKey } = await core.ok('auth:setupOwner', OWNER);
    const { recoveryKey: next } = await core.ok('auth:recoverOwner', {
      username: OWNER.username,
      recoveryKey: recoveryKey.toLowerCase(),
      newPassword: 'recovered boss pw1',
    });
    expect(next).not.toBe(recoveryKey);
    const old = await core.call('auth:recoverOwner', {
      username: OWNER.username,
      recoveryKey,
      newPassword: 'again again again',
    });
    expectError(old, 'UNAUTHENTICATED');
    expect((await core.call('auth:signIn', { username: OWNER.username, password: 'recovered boss pw1' })).ok).toBe(
      true,
    );
  });
});

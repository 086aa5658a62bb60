import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { register } from './helpers';
import { expectError } from '../../helpers/expect-result';
import { PIN_FREE_ATTEMPTS, pinBackoffAfter } from '../../../src/main/core/members/pin';

async function withMember() {
  const { core, tokens } = await makeStaffedCore();
  const m = await register(core, tokens.cashier, 1);
  return { core, t: tokens.cashier, tokens, m };
}

describe('member PIN', () => {
  it('set once, stored as bcrypt, verify right and wrong', async () => {
    const { core, t, m } = await withMember();
    expectError(await core.call('members:verifyPin', { memberId: m.id, pin: '1234' }, t), 'VALIDATION', {
      reason: 'pinNotSet',
    });
    expect((await core.ok('members:setPin', { memberId: m.id, pin: '1234' }, t)).hasPin).toBe(true);
    const hash = core.db.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id) as string;
    // bcrypt of the PIN peppered with a key kept outside the database (see test/security/pin-pepper).
    expect(hash).toMatch(/^pp1\$\$2[aby]\$/);
    expect(hash).not.toContain('1234');
    expectError(await core.call('members:setPin', { memberId: m.id, pin: '9999' }, t), 'CONFLICT', {
      reason: 'pinAlreadySet',
    });
    expect(await core.ok('members:verifyPin', { memberId: m.id, pin: '1234' }, t)).toEqual({ verified: true });
    expectError(await core.call('members:verifyPin', { memberId: m.id, pin: '1235' }, t), 'VALIDATION', {
      field: 'pin',
      reason: 'pinWrong',
    });
  });

  it('backs off after repeated wrong PINs, the counter survives the failed call, time unlocks', async () => {
    const { core, t, m } = await withMember();
    await core.ok('members:setPin', { memberId: m.id, pin: '123456' }, t);
    for (let i = 1; i < PIN_FREE_ATTEMPTS; i++) {
      expectError(await core.call('members:verifyPin', { memberId: m.id, pin: '000000' }, t), 'VALIDATION', {
        reason: 'pinWrong',
      });
    }
    expectError(await core.call('members:verifyPin', { memberId: m.id, pin: '000000' }, t), 'VALIDATION', {
      reason: 'pinBackoff',
      retryAfterMs: pinBackoffAfter(PIN_FREE_ATTEMPTS),
    });
    // Even the right PIN is refused during the back-off.
    expectError(await core.call('members:verifyPin', { memberId: m.id, pin: '123456' }, t), 'VALIDATION', {
      reason: 'pinBackoff',
    });
    core.clock.advance(pinBackoffAfter(PIN_FREE_ATTEMPTS) + 1);
    expect(await core.ok('members:verifyPin', { memberId: m.id, pin: '123456' }, t)).toEqual({ verified: true });
    const row = core.db.prepare('SELECT pin_failed_attempts FROM members WHERE id = ?').get(m.id) as {
      pin_failed_attempts: number;
    };
    expect(row.pin_failed_attempts).toBe(0);
    const actions = core.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'members.pin%'").pluck().all();
    expect(actions.filter((a) => a === 'members.pinFailed')).toHaveLength(PIN_FREE_ATTEMPTS);
    expect(actions).toContain('members.pinBlocked');
    expect(actions).toContain('members.pinVerified');
  });

  it('back-off doubles and is capped', () => {
    expect(pinBackoffAfter(PIN_FREE_ATTEMPTS - 1)).toBe(0);
    expect(pinBackoffAfter(PIN_FREE_ATTEMPTS + 1)).toBe(2 * pinBackoffAfter(PIN_FREE_ATTEMPTS));
    expect(pinBackoffAfter(1000)).toBe(15 * 60_000);
  });

  it('change needs the old PIN', async () => {
    const { core, t, m } = await withMember();
    expectError(
      await core.call('members:changePin', { memberId: m.id, oldPin: '1111', newPin: '2222' }, t),
      'VALIDATION',
      {
        reason: 'pinNotSet',
      },
    );
    await core.ok('members:setPin', { memberId: m.id, pin: '1111' }, t);
    expectError(
      await core.call('members:changePin', { memberId: m.id, oldPin: '9999', newPin: '2222' }, t),
      'VALIDATION',
      {
        field: 'oldPin',
        reason: 'pinWrong',
      },
    );
    await core.ok('members:changePin', { memberId: m.id, oldPin: '1111', newPin: '2222' }, t);
    expect(await core.ok('members:verifyPin', { memberId: m.id, pin: '2222' }, t)).toEqual({ verified: true });
  });

  it('reset after the identity check: name, phone and email must all match', async () => {
    const { core, t, m, tokens } = await withMember();
    // The test moves the clock by an hour between attempts: keep the session unlocked.
    await core.ok('settings:update', { idleLockMinutes: 240 }, tokens.owner);
    await core.ok('members:setPin', { memberId: m.id, pin: '1111' }, t);
    const before = core.db.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id);
    const wrong = [
      { name: 'Member 2', phone: '13900000001', email: 'm1@example.com' },
      { name: 'Member 1', phone: '13900000002', email: 'm1@example.com' },
      { name: 'Member 1', phone: '13900000001', email: 'm2@example.com' },
      { name: 'Member 1', phone: '13900000001' },
      { name: 'Member 1', email: 'm1@example.com' },
      { name: 'Member 1', phone: 'garbage', email: 'm1@example.com' },
    ];
    for (const claim of wrong.slice(0, 2)) {
      expectError(await core.call('members:resetPin', { memberId: m.id, newPin: '4321', ...claim }, t), 'VALIDATION', {
        field: 'identity',
        reason: 'identityMismatch',
      });
    }
    expect(core.db.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id)).toBe(before);
    // The third wrong answer in a row starts the back-off; time lets the next ones be checked.
    for (const claim of wrong.slice(2)) {
      const r = await core.call('members:resetPin', { memberId: m.id, newPin: '4321', ...claim }, t);
      expectError(r, 'VALIDATION', { field: 'identity' });
      core.clock.advance(60 * 60_000);
    }
    // Normalised forms match: case/spacing of the name, phone format, email case. (A
    // manager resets here: a cashier's reset also needs a manager's approval, test/security/pin-reset.test.ts.)
    await core.ok(
      'members:resetPin',
      { memberId: m.id, name: ' member  1 ', phone: '+86 139-0000-0001', email: 'M1@Example.com', newPin: '4321' },
      tokens.manager,
    );
    expect(await core.ok('members:verifyPin', { memberId: m.id, pin: '4321' }, t)).toEqual({ verified: true });
    const actions = core.db.prepare('SELECT action FROM audit_log WHERE target = ?').pluck().all(m.id);
    expect(actions).toContain('members.pinReset');
    expect(actions.filter((a) => a === 'members.pinResetFailed')).toHaveLength(wrong.length);
  });

  it('reset works for a member without a PIN, and with no email on file the email must be empty', async () => {
    const { core, t, tokens } = await withMember();
    const m = await core.ok('members:register', { name: '王芳', phone: '13812345678' }, t);
    expectError(
      await core.call(
        'members:resetPin',
        { memberId: m.id, name: '王芳', phone: '13812345678', email: 'x@y.com', newPin: '1234' },
        t,
      ),
      'VALIDATION',
      { reason: 'identityMismatch' },
    );
    await core.ok(
      'members:resetPin',
      { memberId: m.id, name: '王芳', phone: '13812345678', newPin: '1234' },
      tokens.manager,
    );
  });

  it('PIN inputs reject non-digits, wrong lengths, extra fields: typed error, nothing written', async () => {
    const { core, t, m } = await withMember();
    const before = snapshotCounts(core);
    for (const pin of ['123', '1234567', 'abcd', '12 34', '１２３４', '', 1234, null, '1234\u0000']) {
      expectError(await core.call('members:setPin', { memberId: m.id, pin } as never, t), 'VALIDATION');
      expectError(await core.call('members:verifyPin', { memberId: m.id, pin } as never, t), 'VALIDATION');
      expectError(
        await core.call('members:changePin', { memberId: m.id, oldPin: '1234', newPin: pin } as never, t),
        'VALIDATION',
      );
    }
    expectError(await core.call('members:setPin', { memberId: m.id, pin: '1234', x: 1 } as never, t), 'VALIDATION');
    expectError(
      await core.call('members:resetPin', { memberId: m.id, name: 'x'.repeat(100_000), newPin: '1234' }, t),
      'VALIDATION',
    );
    expect(snapshotCounts(core)).toEqual(before);
  });
});

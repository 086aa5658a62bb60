import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { memberInput, register } from './helpers';
import { expectError } from '../../helpers/expect-result';
import type { ErrorCode } from '../../../src/shared/errors';
import type { ChannelName } from '../../../src/shared/contract';

/**
 * Hostile input for every members channel: wrong types, missing and unknown fields,
 * negative/huge/NaN/fractional numbers, 100k-char and control-character strings,
 * SQL-looking strings. Each must be a typed error and leave every table unchanged.
 */
const HUGE = 'x'.repeat(100_000);
const SQL = "Robert'); DROP TABLE members;--";
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

describe('members channels: bad input', () => {
  it('register: every kind of bad field', async () => {
    const { core, tokens } = await makeStaffedCore();
    await register(core, tokens.cashier, 1);
    const before = snapshotCounts(core);
    const base = memberInput(2);
    const cases: [Record<string, unknown>, ErrorCode, Record<string, unknown>?][] = [
      [{ ...base, name: '' }, 'VALIDATION'],
      [{ ...base, name: '   ' }, 'VALIDATION'],
      [{ ...base, name: HUGE }, 'VALIDATION'],
      [{ ...base, name: 'Li\u0000Wei' }, 'VALIDATION'],
      [{ ...base, name: 'Li\nWei' }, 'VALIDATION'],
      [{ ...base, name: 42 }, 'VALIDATION'],
      [{ phone: base.phone }, 'VALIDATION'],
      [{ ...base, phone: 12345 }, 'VALIDATION'],
      [{ ...base, phone: HUGE }, 'VALIDATION'],
      [{ ...base, phone: '123' }, 'VALIDATION', { field: 'phone', reason: 'phoneInvalid' }],
      [{ ...base, phone: '-13900000002' }, 'VALIDATION', { field: 'phone' }],
      [{ ...base, phone: SQL }, 'VALIDATION', { field: 'phone' }],
      [{ ...base, phone: '1390000\u00070002' }, 'VALIDATION'],
      [{ ...base, email: 'nope' }, 'VALIDATION', { field: 'email', reason: 'emailInvalid' }],
      [{ ...base, email: `${SQL}@x.com` }, 'VALIDATION', { field: 'email' }],
      [{ ...base, email: `${'a'.repeat(250)}@example.com` }, 'VALIDATION'],
      [{ ...base, email: ['a@b.com'] }, 'VALIDATION'],
      [{ ...base, birthday: '1990-13-01' }, 'VALIDATION', { field: 'birthday' }],
      [{ ...base, birthday: '01/02/1990' }, 'VALIDATION'],
      [{ ...base, birthday: 631152000000 }, 'VALIDATION'],
      [{ ...base, marketingConsent: 'yes' }, 'VALIDATION'],
      [{ ...base, marketingConsent: 1 }, 'VALIDATION'],
      [{ ...base, balance: 100 }, 'VALIDATION'],
      [{ ...base, cardNumber: '2900000000001' }, 'VALIDATION'],
      [{ ...base, phone: '13900000001' }, 'CONFLICT', { field: 'phone' }],
      [{ ...base, email: 'M1@example.com' }, 'CONFLICT', { field: 'email' }],
    ];
    for (const [input, code, details] of cases) {
      expectError(await core.call('members:register', input as never, tokens.cashier), code, details);
    }
    for (const input of [null, undefined, 'x', 42, [], { __proto__: { name: 'x' } }]) {
      expectError(await core.call('members:register', input as never, tokens.cashier), 'VALIDATION');
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('member-id channels: wrong id shapes, unknown ids, unknown fields', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const before = snapshotCounts(core);
    const channels: [ChannelName, Record<string, unknown>, string][] = [
      ['members:get', {}, tokens.cashier],
      ['members:update', { name: 'New' }, tokens.cashier],
      ['members:deactivate', {}, tokens.cashier],
      ['members:reactivate', {}, tokens.cashier],
      ['members:setPin', { pin: '1234' }, tokens.cashier],
      ['members:changePin', { oldPin: '1234', newPin: '4321' }, tokens.cashier],
      ['members:resetPin', { name: 'Member 1', phone: '13900000001', newPin: '4321' }, tokens.cashier],
      ['members:verifyPin', { pin: '1234' }, tokens.cashier],
      ['members:exportData', {}, tokens.manager],
      ['members:erase', { reason: 'memberRequest' }, tokens.manager],
      ['members:revealContact', { reason: 'verifyIdentity' }, tokens.cashier],
    ];
    for (const [channel, rest, token] of channels) {
      for (const memberId of [undefined, '', 'abc', SQL, HUGE, 42, null, m.id.toUpperCase(), `${m.id} `]) {
        expectError(await core.call(channel, { ...rest, memberId } as never, token), 'VALIDATION');
      }
      expectError(await core.call(channel, { ...rest, memberId: MISSING_ID } as never, token), 'NOT_FOUND');
      expectError(await core.call(channel, { ...rest, memberId: m.id, extra: 1 } as never, token), 'VALIDATION');
      expectError(await core.call(channel, 'nope' as never, token), 'VALIDATION');
    }
    // Only reads and rejections happened: no table changed.
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('update: numbers and types that are not allowed', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const before = snapshotCounts(core);
    for (const patch of [
      { name: null },
      { name: '' },
      { phone: 13900000002 },
      { email: false },
      { birthday: '' },
      { marketingConsent: null },
      { name: 'a\u001bb' },
      { email: HUGE },
      { createdAt: -1 },
      { active: false },
    ]) {
      expectError(
        await core.call('members:update', { memberId: m.id, ...patch } as never, tokens.cashier),
        'VALIDATION',
      );
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('every members channel needs a signed-in cashier or better', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const channels: ChannelName[] = [
      'members:register',
      'members:get',
      'members:update',
      'members:deactivate',
      'members:reactivate',
      'members:search',
      'members:lookupCard',
      'members:setPin',
      'members:changePin',
      'members:resetPin',
      'members:verifyPin',
      'members:exportData',
      'members:erase',
      'members:list',
      'members:revealContact',
    ];
    for (const c of channels) {
      expectError(await core.call(c, { memberId: m.id } as never), 'UNAUTHENTICATED');
      expectError(await core.call(c, { memberId: m.id } as never, 'forged-token'), 'UNAUTHENTICATED');
    }
    expect(m.name).toBe('Member 1');
  });

  it('revealContact: the reason is a code from the list, nothing else', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const before = snapshotCounts(core);
    for (const reason of [
      undefined,
      '',
      'because',
      'VERIFYIDENTITY',
      'verifyIdentity ',
      'verify\u0085Identity',
      SQL,
      HUGE,
      42,
      Number.NaN,
      -1,
      1.5,
      null,
      true,
      ['verifyIdentity'],
      { code: 'verifyIdentity' },
    ]) {
      expectError(
        await core.call('members:revealContact', { memberId: m.id, reason } as never, tokens.cashier),
        'VALIDATION',
      );
    }
    expectError(
      await core.call(
        'members:revealContact',
        { memberId: m.id, reason: 'verifyIdentity', note: 'x' } as never,
        tokens.cashier,
      ),
      'VALIDATION',
    );
    // Refused input is neither revealed nor audited.
    expect(snapshotCounts(core)).toEqual(before);
  });
});

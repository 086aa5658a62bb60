import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { isCardNumber } from '../../../src/shared/contract/members';
import { memberInput, register } from './helpers';
import { expectError } from '../../helpers/expect-result';

// As a manager: these read back the full contact data, which a cashier is shown masked
// (test/core/members/contact-mask.test.ts).
describe('members:register', () => {
  it('normalises phone to E.164 and email to lower case, issues a valid unique card', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok(
      'members:register',
      {
        name: '  Li   Wei ',
        phone: '138-1234-5678',
        email: '  Li.Wei@Example.COM ',
        birthday: '1990-02-28',
        marketingConsent: true,
      },
      tokens.manager,
    );
    expect(m.name).toBe('Li Wei');
    expect(m.phone).toBe('+8613812345678');
    expect(m.phoneDisplay).toBe('138 1234 5678');
    expect(m.email).toBe('li.wei@example.com');
    expect(m.birthday).toBe('1990-02-28');
    expect(m.marketingConsent).toBe(true);
    expect(m.active).toBe(true);
    expect(m.hasPin).toBe(false);
    expect(isCardNumber(m.cardNumber)).toBe(true);
    expect(m.cardNumber.startsWith('29')).toBe(true);
    expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const again = await core.ok('members:get', { memberId: m.id }, tokens.manager);
    expect(again).toEqual(m);
  });

  it('accepts full-width digits and a +86 prefix as the same phone, and reports the duplicate field', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('members:register', { name: '王芳', phone: '13812345678' }, tokens.manager);
    const before = snapshotCounts(core);
    expectError(
      await core.call('members:register', { name: '张伟', phone: '＋86 １３８１２３４５６７８' }, tokens.manager),
      'CONFLICT',
      { field: 'phone', reason: 'duplicate' },
    );
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('refuses a duplicate email (any case) naming the field', async () => {
    const { core, tokens } = await makeStaffedCore();
    await register(core, tokens.manager, 1);
    const before = snapshotCounts(core);
    expectError(
      await core.call('members:register', { name: 'X', email: 'M1@EXAMPLE.com' }, tokens.manager),
      'CONFLICT',
      { field: 'email', reason: 'duplicate' },
    );
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('needs a phone or an email', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    expectError(await core.call('members:register', { name: 'Nobody' }, tokens.manager), 'VALIDATION', {
      reason: 'contactRequired',
    });
    expectError(
      await core.call('members:register', { name: 'Nobody', phone: '  ', email: '' }, tokens.manager),
      'VALIDATION',
      { reason: 'contactRequired' },
    );
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('audits the registration without personal data', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.manager, 7);
    const row = core.db.prepare("SELECT details FROM audit_log WHERE action = 'members.registered'").get() as {
      details: string;
    };
    expect(row.details).toContain(m.cardNumber);
    expect(row.details).not.toContain('Member 7');
    expect(row.details).not.toContain('m7@example.com');
    expect(row.details).not.toContain('0007');
  });

  it('issues different card numbers', async () => {
    const { core, tokens } = await makeStaffedCore();
    const cards = new Set<string>();
    for (let i = 0; i < 20; i++) cards.add((await register(core, tokens.manager, i)).cardNumber);
    expect(cards.size).toBe(20);
  });

  it('works for a non-default-country phone given with +', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok('members:register', memberInput(1, { phone: '+1 415 555 2671' }) as never, tokens.manager);
    expect((m as { phone: string }).phone).toBe('+14155552671');
  });
});

describe('members phone country setting', () => {
  it('reads numbers without a country code in the configured country; refuses unknown countries', async () => {
    const { core, tokens } = await makeStaffedCore();
    expect((await core.ok('settings:get', {}, tokens.manager)).memberPhoneCountry).toBe('CN');
    expectError(await core.call('settings:update', { memberPhoneCountry: 'XX' }, tokens.manager), 'VALIDATION');
    expectError(await core.call('settings:update', { memberPhoneCountry: 'us' }, tokens.manager), 'VALIDATION');
    await core.ok('settings:update', { memberPhoneCountry: 'US' }, tokens.manager);
    const m = await core.ok('members:register', { name: 'Sam', phone: '(415) 555-2671' }, tokens.manager);
    expect(m.phone).toBe('+14155552671');
    expect(m.phoneDisplay).toBe('(415) 555-2671');
    // A Chinese number now needs its +86, and is shown internationally.
    const c = await core.ok('members:register', { name: 'Li', phone: '+86 138 1234 5678' }, tokens.manager);
    expect(c.phoneDisplay).toBe('+86 138 1234 5678');
    expectError(
      await core.call('members:register', { name: 'Li', phone: '13812345679' }, tokens.manager),
      'VALIDATION',
      {
        field: 'phone',
      },
    );
    expect((await core.ok('members:search', { query: '4155552671' }, tokens.manager)).results.map((r) => r.id)).toEqual(
      [m.id],
    );
  });
});

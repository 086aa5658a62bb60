import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { register } from './helpers';
import { expectError } from '../../helpers/expect-result';

// As a manager: these read back the full contact data, which a cashier is shown masked
// (test/core/members/contact-mask.test.ts).
describe('members:update', () => {
  it('changes fields, keeps the card, audits the field names only', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.manager, 1);
    core.clock.advance(1000);
    const u = await core.ok(
      'members:update',
      { memberId: m.id, name: '陈静', phone: '13512340000', birthday: '2000-01-31', marketingConsent: true },
      tokens.manager,
    );
    expect(u).toMatchObject({ name: '陈静', phone: '+8613512340000', email: 'm1@example.com', birthday: '2000-01-31' });
    expect(u.cardNumber).toBe(m.cardNumber);
    expect(u.updatedAt).toBe(m.createdAt + 1000);
    const audit = core.db.prepare("SELECT details FROM audit_log WHERE action = 'members.updated'").get() as {
      details: string;
    };
    expect(JSON.parse(audit.details)).toEqual({ fields: ['name', 'phone', 'birthday', 'marketingConsent'] });
    // The new name is searchable (2-char grams rewritten), the old one is not.
    expect((await core.ok('members:search', { query: '陈静' }, tokens.manager)).results.map((r) => r.id)).toEqual([
      m.id,
    ]);
    expect((await core.ok('members:search', { query: 'member' }, tokens.manager)).results).toEqual([]);
    expect((await core.ok('members:search', { query: '0000' }, tokens.manager)).results.map((r) => r.id)).toEqual([
      m.id,
    ]);
  });

  it('removes email with null or empty, but never both contacts', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.manager, 1);
    expect((await core.ok('members:update', { memberId: m.id, email: '' }, tokens.manager)).email).toBeNull();
    const before = snapshotCounts(core);
    expectError(await core.call('members:update', { memberId: m.id, phone: null }, tokens.manager), 'VALIDATION', {
      reason: 'contactRequired',
    });
    expect(snapshotCounts(core)).toEqual(before);
    // The freed email is reusable.
    await core.ok('members:register', { name: 'Other', email: 'm1@example.com' }, tokens.manager);
  });

  it('refuses another member’s phone or email (CONFLICT naming the field), allows its own', async () => {
    const { core, tokens } = await makeStaffedCore();
    const a = await register(core, tokens.manager, 1);
    const b = await register(core, tokens.manager, 2);
    await core.ok('members:update', { memberId: a.id, phone: a.phone, email: 'M1@example.com' }, tokens.manager);
    const before = snapshotCounts(core);
    expectError(await core.call('members:update', { memberId: a.id, phone: b.phone }, tokens.manager), 'CONFLICT', {
      field: 'phone',
    });
    expectError(await core.call('members:update', { memberId: a.id, email: b.email }, tokens.manager), 'CONFLICT', {
      field: 'email',
    });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('field-level validation: phone, email, birthday, name', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.manager, 1);
    const before = snapshotCounts(core);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ phone: '12' }, 'phone', 'phoneInvalid'],
      [{ phone: '1381234567890123' }, 'phone', 'phoneInvalid'],
      [{ phone: 'abc' }, 'phone', 'phoneInvalid'],
      [{ phone: "1'; DROP TABLE members;--" }, 'phone', 'phoneInvalid'],
      [{ email: 'not-an-email' }, 'email', 'emailInvalid'],
      [{ email: 'a@b' }, 'email', 'emailInvalid'],
      [{ email: "x' OR 1=1 --@example.com" }, 'email', 'emailInvalid'],
      [{ birthday: '2023-02-30' }, 'birthday', 'birthdayInvalid'],
      [{ birthday: '1800-01-01' }, 'birthday', 'birthdayInvalid'],
      [{ birthday: '2999-01-01' }, 'birthday', 'birthdayInvalid'],
    ];
    for (const [patch, field, reason] of cases) {
      expectError(
        await core.call('members:update', { memberId: m.id, ...patch } as never, tokens.manager),
        'VALIDATION',
        {
          field,
          reason,
        },
      );
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('NOT_FOUND for an unknown member', async () => {
    const { core, tokens } = await makeStaffedCore();
    expectError(
      await core.call(
        'members:update',
        { memberId: '01900000-0000-7000-8000-000000000000', name: 'X' },
        tokens.manager,
      ),
      'NOT_FOUND',
    );
  });
});

describe('members:deactivate / reactivate', () => {
  it('toggles active, audits each change once', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.manager, 1);
    expect((await core.ok('members:deactivate', { memberId: m.id }, tokens.manager)).active).toBe(false);
    expect((await core.ok('members:deactivate', { memberId: m.id }, tokens.manager)).active).toBe(false);
    expect((await core.ok('members:reactivate', { memberId: m.id }, tokens.manager)).active).toBe(true);
    const actions = core.db
      .prepare('SELECT action FROM audit_log WHERE target = ? ORDER BY seq')
      .pluck()
      .all(m.id) as string[];
    expect(actions).toEqual(['members.registered', 'members.deactivated', 'members.reactivated']);
  });
});

import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { register } from './helpers';
import { expectError } from '../../helpers/expect-result';
import { AREAS } from '../../../src/main/core/areas';
import { defineArea } from '../../../src/main/core/area';

/** An extra area whose member-data section the export must include. */
const testArea = defineArea({
  name: 'testArea',
  handlers: {},
  memberData: (_db, memberId) => ({ memberId, entries: [1, 2] }),
});

describe('members:exportData', () => {
  it('returns the member, other areas’ sections and the member’s audit trail as JSON; audited', async () => {
    const { core, tokens } = await makeStaffedCore({ areas: [...AREAS, testArea] });
    const m = await register(core, tokens.cashier, 1, { birthday: '1985-06-01' });
    const other = await register(core, tokens.cashier, 2);
    await core.ok('members:update', { memberId: m.id, name: 'Renamed' }, tokens.cashier);
    const out = await core.ok('members:exportData', { memberId: m.id }, tokens.manager);
    expect(out.format).toBe('perkdesk.member-export.v1');
    expect(out.member).toMatchObject({ id: m.id, name: 'Renamed', birthday: '1985-06-01', email: 'm1@example.com' });
    expect(out.sections.testArea).toEqual({ memberId: m.id, entries: [1, 2] });
    expect(out.auditTrail.map((a) => a.action)).toEqual(['members.registered', 'members.updated']);
    expect(JSON.stringify(out)).not.toContain(other.id);
    // Round-trips as JSON (what the renderer saves).
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    const actions = core.db.prepare('SELECT action FROM audit_log WHERE target = ?').pluck().all(m.id);
    expect(actions).toContain('members.exported');
  });

  it('is for managers', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    expectError(await core.call('members:exportData', { memberId: m.id }, tokens.cashier), 'FORBIDDEN');
  });
});

describe('members:erase', () => {
  it('removes personal data, keeps the pseudonymous row, frees phone and email, audited', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1, { birthday: '1985-06-01', marketingConsent: true });
    await core.ok('members:setPin', { memberId: m.id, pin: '1234' }, tokens.cashier);
    const erased = await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    expect(erased).toMatchObject({
      id: m.id,
      cardNumber: m.cardNumber,
      name: null,
      phone: null,
      email: null,
      birthday: null,
      marketingConsent: false,
      active: false,
      erased: true,
      hasPin: false,
    });
    // Nothing identifying is left anywhere in the row, the grams or the FTS index.
    const row = core.db.prepare('SELECT * FROM members WHERE id = ?').get(m.id) as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toMatch(/Member 1|m1@example|13900000001|1985/);
    expect(core.db.prepare('SELECT count(*) FROM member_name_grams').pluck().get()).toBe(0);
    expect(core.db.prepare('SELECT count(*) FROM members_fts WHERE members_fts MATCH \'"member"\'').pluck().get()).toBe(
      0,
    );
    // The audit log never held the personal data.
    const audit = core.db.prepare('SELECT details FROM audit_log').pluck().all() as string[];
    expect(audit.join('\n')).not.toMatch(/Member 1|m1@example|13900000001/);
    // Phone and email are free again.
    await register(core, tokens.cashier, 1);
    // The erased member can no longer be edited, reactivated, or have a PIN.
    expectError(await core.call('members:update', { memberId: m.id, name: 'Back' }, tokens.cashier), 'CONFLICT', {
      reason: 'memberErased',
    });
    expectError(await core.call('members:reactivate', { memberId: m.id }, tokens.cashier), 'CONFLICT');
    expectError(await core.call('members:setPin', { memberId: m.id, pin: '1234' }, tokens.cashier), 'CONFLICT');
    expectError(
      await core.call('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager),
      'CONFLICT',
    );
    expectError(await core.call('members:lookupCard', { cardNumber: m.cardNumber }, tokens.cashier), 'NOT_FOUND');
    const actions = core.db.prepare('SELECT action FROM audit_log WHERE target = ?').pluck().all(m.id);
    expect(actions).toContain('members.erased');
    // Members are never deleted (the ledger keys on members.id).
    expect(() => core.db.prepare('DELETE FROM members WHERE id = ?').run(m.id)).toThrow(/never deleted/);
  });

  it('is for managers, needs a reason from the fixed list (no free text)', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const before = snapshotCounts(core);
    expectError(
      await core.call('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.cashier),
      'FORBIDDEN',
    );
    const afterDenial = snapshotCounts(core);
    expect(afterDenial.members).toBe(before.members);
    for (const reason of [
      '',
      '   ',
      'a\nb',
      'x'.repeat(100_000),
      undefined,
      'Customer asked, Mrs Li',
      'MEMBERREQUEST',
    ]) {
      expectError(await core.call('members:erase', { memberId: m.id, reason } as never, tokens.manager), 'VALIDATION');
    }
    expect(snapshotCounts(core)).toEqual(afterDenial);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../../helpers/core';
import { maskEmail, maskPhone } from '../../../src/main/core/members/contact-mask';
import { memberInput } from './helpers';

describe('contact masks', () => {
  it('phone: the last 4 digits, whatever the format; email: first character and domain', () => {
    expect(maskPhone('+8613812344821')).toBe('•••• 4821');
    expect(maskPhone('138 1234 4821')).toBe('•••• 4821');
    expect(maskPhone(null)).toBeNull();
    expect(maskEmail('zhang.wei@example.com')).toBe('z•••@example.com');
    expect(maskEmail('王@例子.中国')).toBe('王•••@例子.中国');
    expect(maskEmail('a@b.cn')).toBe('a•••@b.cn');
    expect(maskEmail(null)).toBeNull();
  });
});

describe('masking in the core, by role', () => {
  it('every channel that returns a member gives a cashier the masked copy, a manager and the owner the full one', async () => {
    const { core, tokens } = await makeStaffedCore();
    const reg = await core.ok(
      'members:register',
      { ...memberInput(7), birthday: '1990-05-17', opId: randomUUID() } as never,
      tokens.cashier,
    );
    const masked = { phone: null, phoneDisplay: '•••• 0007', email: 'm•••@example.com', birthday: null };
    expect(reg).toMatchObject({ ...masked, hasBirthday: true, contactMasked: true });
    const id = reg.id;
    const card = reg.cardNumber;
    const asCashier = [
      await core.ok('members:get', { memberId: id }, tokens.cashier),
      await core.ok('members:lookupCard', { cardNumber: card }, tokens.cashier),
      await core.ok('members:update', { memberId: id, name: 'Member Seven' }, tokens.cashier),
      await core.ok('members:deactivate', { memberId: id }, tokens.cashier),
      await core.ok('members:reactivate', { memberId: id }, tokens.cashier),
      await core.ok('members:setPin', { memberId: id, pin: '1234' }, tokens.cashier),
      await core.ok('members:changePin', { memberId: id, oldPin: '1234', newPin: '4321' }, tokens.cashier),
    ];
    for (const m of asCashier) expect(m).toMatchObject({ ...masked, contactMasked: true });
    const hits = await core.ok('members:search', { query: '0007' }, tokens.cashier);
    expect(hits.results).toEqual([expect.objectContaining({ phoneDisplay: '•••• 0007', contactMasked: true })]);
    expect(hits.results[0].email).toBe('m•••@example.com');

    for (const token of [tokens.manager, tokens.owner]) {
      expect(await core.ok('members:get', { memberId: id }, token)).toMatchObject({
        phone: '+8613900000007',
        email: 'm7@example.com',
        birthday: '1990-05-17',
        contactMasked: false,
      });
      const found = await core.ok('members:search', { query: '0007' }, token);
      expect(found.results[0]).toMatchObject({ email: 'm7@example.com', contactMasked: false });
    }
  });

  it('a retried registration is re-read for the caller (masked), and the record still names the fields', async () => {
    const { core, tokens } = await makeStaffedCore();
    const input = { ...memberInput(8), birthday: '1991-01-02', opId: randomUUID() };
    const first = await core.ok('members:register', input as never, tokens.cashier);
    const again = await core.ok('members:register', input as never, tokens.cashier);
    expect(again).toEqual(first);
    expect(again.phone).toBeNull();
    const details = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'members.registered'")
      .pluck()
      .get() as string;
    expect(JSON.parse(details).fields).toEqual(['name', 'phone', 'email', 'birthday']);
  });

  it('revealContact: the full phone and email for the cashier, audited with the reason', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok('members:register', memberInput(9) as never, tokens.cashier);
    const shown = await core.ok('members:revealContact', { memberId: m.id, reason: 'contactMember' }, tokens.cashier);
    expect(shown).toEqual({
      memberId: m.id,
      phone: '+8613900000009',
      phoneDisplay: '139 0000 0009',
      email: 'm9@example.com',
    });
    const row = core.db
      .prepare("SELECT actor_name, target, details FROM audit_log WHERE action = 'members.contactRevealed'")
      .get() as { actor_name: string; target: string; details: string };
    expect(row).toMatchObject({ actor_name: 'cathy', target: m.id });
    expect(JSON.parse(row.details)).toEqual({ reason: 'contactMember', fields: ['phone', 'email'] });
    // Never the values themselves in the record.
    expect(row.details).not.toContain('0009');
  });
});

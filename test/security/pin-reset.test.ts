import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MANAGER, makeStaffedCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import type { Result } from '../../src/shared/errors';

/**
 * Finding: a cashier alone resets any member's PIN — the "identity proof" (name + phone +
 * email) is what `members:get` shows that same cashier — then spends the member's points;
 * the reset also cleared the PIN back-off. Now the identity check is followed by a
 * manager's approval, and the failed attempts stay in the audit log.
 */
const reasonOf = (r: Result<unknown>) => (r.ok ? 'ok' : String(r.error.details?.reason ?? r.error.code));

describe('member PIN reset', () => {
  it('a cashier with the identity the counter shows cannot reset a PIN alone; with a manager, can', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    await core.ok('members:setPin', { memberId: m.id, pin: '4321' }, tokens.cashier);
    // The counter no longer shows the identity proof to the cashier (masked)…
    const shown = await core.ok('members:get', { memberId: m.id }, tokens.cashier);
    expect([shown.phone, shown.phoneDisplay, shown.email]).toEqual([null, '•••• 0001', 'm•••@example.com']);
    // …so the cashier has to be told it by the member (here: what was registered).
    const reset = { memberId: m.id, name: m.name!, phone: '139 0000 0001', email: 'm1@example.com', newPin: '1111' };

    // A wrong claim first: counted and audited, as before.
    const wrong = await core.call('members:resetPin', { ...reset, name: 'Somebody Else' }, tokens.cashier);
    expect(reasonOf(wrong)).toBe('identityMismatch');

    const r = await core.call('members:resetPin', reset, tokens.cashier);
    expect(reasonOf(r)).toBe('approvalRequired');
    expect(r.ok ? null : r.error.details?.policy).toBe('pinReset');
    // The old PIN still works, the new one does not.
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '1111' }, tokens.cashier))).toBe(
      'pinWrong',
    );
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '4321' }, tokens.cashier))).toBe('ok');

    const requestId = r.ok ? '' : (r.error.details!.requestId as string);
    await core.ok(
      'staff:approve',
      { requestId, username: MANAGER.username, password: MANAGER.password },
      tokens.cashier,
    );
    expect(reasonOf(await core.call('members:resetPin', reset, tokens.cashier))).toBe('ok');
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '1111' }, tokens.cashier))).toBe('ok');

    // The failed identity claim is still in the audit log after the successful reset.
    const failed = core.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'members.pinResetFailed' AND target = ?")
      .pluck()
      .get(m.id);
    expect(failed).toBe(1);
    const resetBy = core.db
      .prepare("SELECT actor_name FROM audit_log WHERE action = 'approval.used' AND details LIKE '%members:resetPin%'")
      .pluck()
      .get();
    expect(resetBy).toBe('cathy');
  });

  it('a wrong identity claim is refused before any manager is asked (the check comes first)', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 2);
    await core.ok('members:setPin', { memberId: m.id, pin: '4321' }, tokens.cashier);
    const r = await core.call(
      'members:resetPin',
      { memberId: m.id, name: 'Not Them', phone: '139 0000 0002', email: 'm2@example.com', newPin: '1111' },
      tokens.cashier,
    );
    expect(reasonOf(r)).toBe('identityMismatch');
    expect(core.sessions.approvals.size()).toBe(0);
  });

  it('the stolen-points path: reset, then spend — the spend never happens without a manager', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 3);
    await core.ok('members:setPin', { memberId: m.id, pin: '4321' }, tokens.cashier);
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-1', totalMinor: 100_000 },
      tokens.cashier,
    );
    // Even with the identity revealed by "Show contact" (audited), a manager is needed.
    const shown = await core.ok('members:revealContact', { memberId: m.id, reason: 'verifyIdentity' }, tokens.cashier);
    const reset = await core.call(
      'members:resetPin',
      { memberId: m.id, name: m.name!, phone: shown.phone!, email: shown.email!, newPin: '0000' },
      tokens.cashier,
    );
    expect(reasonOf(reset)).toBe('approvalRequired');
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '0000' }, tokens.cashier))).toBe(
      'pinWrong',
    );
  });

  it('a cashier cannot clear the PIN back-off by resetting: it stays until a manager approves the reset', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 4);
    await core.ok('members:setPin', { memberId: m.id, pin: '4321' }, tokens.cashier);
    // Guessing the PIN: after the free attempts the member's PIN backs off.
    const guesses: string[] = [];
    for (let i = 0; i < 3; i++)
      guesses.push(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: `000${i}` }, tokens.cashier)));
    expect(guesses).toEqual(['pinWrong', 'pinWrong', 'pinBackoff']);
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '4321' }, tokens.cashier))).toBe(
      'pinBackoff',
    );
    // The old trick: a reset (identity as the member would state it) cleared the back-off.
    const reset = { memberId: m.id, name: m.name!, phone: '139 0000 0004', email: 'm4@example.com', newPin: '2222' };
    expect(reasonOf(await core.call('members:resetPin', reset, tokens.cashier))).toBe('approvalRequired');
    expect(reasonOf(await core.call('members:verifyPin', { memberId: m.id, pin: '4321' }, tokens.cashier))).toBe(
      'pinBackoff',
    );
    // The guesses stay in the audit log whatever happens next.
    const failed = core.db
      .prepare(
        "SELECT count(*) FROM audit_log WHERE action IN ('members.pinFailed', 'members.pinBlocked') AND target = ?",
      )
      .pluck()
      .get(m.id) as number;
    expect(failed).toBeGreaterThanOrEqual(3);
  });
});

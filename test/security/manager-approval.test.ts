import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MANAGER, OWNER, CASHIER, makeStaffedCore, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { Result } from '../../src/shared/errors';

/**
 * Findings: a cashier alone awards 100,000,000 points on an invented receipt, and voids
 * redemptions after handing the goods over, again and again. Now a cashier's action that
 * crosses a policy is refused `approvalRequired` (and rolled back) until a manager or the
 * owner types their password on the same screen; the approval is bound to that one
 * operation and session, single use, two minutes, audited with both names.
 */
const reasonOf = (r: Result<unknown>) => (r.ok ? 'ok' : String(r.error.details?.reason ?? r.error.code));
const requestIdOf = (r: Result<unknown>) => {
  if (r.ok) throw new Error('expected a refusal');
  return r.error.details!.requestId as string;
};
const auditActions = (core: TestCore, action: string) =>
  core.db
    .prepare('SELECT actor_name AS actor, target, details FROM audit_log WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => {
      const row = r as { actor: string; target: string; details: string };
      return { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
    });
const balanceOf = async (core: TestCore, token: string, memberId: string) =>
  (await core.ok('points:memberSummary', { memberId }, token)).balance;

async function setup() {
  const { core, tokens } = await makeStaffedCore();
  const member = await register(core, tokens.cashier, 1);
  // The tests move the clock by half an hour; the idle lock is not what they are about.
  await core.ok('settings:update', { idleLockMinutes: 240 }, tokens.manager);
  return { core, tokens, member };
}

describe('manager approval at the terminal', () => {
  it('a cashier’s 100,000,000-point award on an invented receipt is refused and writes nothing', async () => {
    const { core, tokens, member } = await setup();
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'INVENTED-1', totalMinor: 10_000_000_000 };
    const r = await core.call('points:award', award, tokens.cashier);
    expect(reasonOf(r)).toBe('approvalRequired');
    expect(r.ok ? null : r.error.details).toMatchObject({ policy: 'awardLimit', facts: { pointsEarned: 100_000_000 } });
    expect(await balanceOf(core, tokens.cashier, member.id)).toBe(0);
    expect(core.db.prepare('SELECT count(*) FROM points_purchases').pluck().get()).toBe(0);
    // That a manager was asked for is on record, with the figures.
    expect(auditActions(core, 'approval.required')).toEqual([
      expect.objectContaining({
        actor: CASHIER.username,
        details: expect.objectContaining({ channel: 'points:award' }),
      }),
    ]);
    // Under the limits a cashier awards alone.
    await core.ok(
      'points:award',
      { ...award, opId: randomUUID(), receiptNo: 'R-1', totalMinor: 200_000 },
      tokens.cashier,
    );
    expect(await balanceOf(core, tokens.cashier, member.id)).toBe(2_000);
  });

  it('the manager approves on the same screen: that one operation runs once, audited with both names, the session stays the cashier’s', async () => {
    const { core, tokens, member } = await setup();
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'R-BIG', totalMinor: 300_000 };
    const requestId = requestIdOf(await core.call('points:award', award, tokens.cashier));
    const sessionsBefore = core.sessions.count();

    const wrong = await core.call(
      'staff:approve',
      { requestId, username: MANAGER.username, password: 'not it at all' },
      tokens.cashier,
    );
    expect(reasonOf(wrong)).toBe('wrongCredentials');
    const grant = await core.ok(
      'staff:approve',
      { requestId, username: MANAGER.username, password: MANAGER.password },
      tokens.cashier,
    );
    expect(grant.approver.username).toBe(MANAGER.username);
    expect(grant.expiresAt).toBe(core.clock.now() + 2 * 60_000);
    // No session for the manager, and the cashier is still the cashier.
    expect(core.sessions.count()).toBe(sessionsBefore);
    expect((await core.ok('auth:me', {}, tokens.cashier)).username).toBe(CASHIER.username);

    const done = await core.ok('points:award', award, tokens.cashier);
    expect(done.pointsEarned).toBe(3_000);
    expect(auditActions(core, 'approval.granted')).toEqual([
      expect.objectContaining({
        actor: MANAGER.username,
        details: expect.objectContaining({
          channel: 'points:award',
          opId: award.opId,
          policy: 'awardLimit',
          approvedBy: MANAGER.username,
          requestedBy: CASHIER.username,
        }),
      }),
    ]);
    expect(auditActions(core, 'approval.used')).toEqual([
      expect.objectContaining({
        actor: CASHIER.username,
        details: expect.objectContaining({ approvedBy: MANAGER.username, requestedBy: CASHIER.username }),
      }),
    ]);
    expect(auditActions(core, 'approval.failed')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ reason: 'wrongPassword' }) }),
    ]);
    // The same op id again is the idempotent replay, not a second award.
    expect((await core.ok('points:award', award, tokens.cashier)).purchaseId).toBe(done.purchaseId);
    expect(await balanceOf(core, tokens.cashier, member.id)).toBe(3_000);
  });

  it('an approval is single use and bound to its op id, payload and session', async () => {
    const { core, tokens, member } = await setup();
    const other = (await core.ok('auth:signIn', { username: CASHIER.username, password: CASHIER.password })).token;
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'R-A', totalMinor: 300_000 };
    const requestId = requestIdOf(await core.call('points:award', award, tokens.cashier));
    // Another session (even the same cashier's) cannot approve or use it.
    const elsewhere = await core.call(
      'staff:approve',
      { requestId, username: MANAGER.username, password: MANAGER.password },
      other,
    );
    expect(reasonOf(elsewhere)).toBe('approvalNotFound');
    await core.ok(
      'staff:approve',
      { requestId, username: MANAGER.username, password: MANAGER.password },
      tokens.cashier,
    );
    expect(reasonOf(await core.call('points:award', award, other))).toBe('approvalRequired');
    // A bigger amount under the same op id is another payload: not approved.
    expect(reasonOf(await core.call('points:award', { ...award, totalMinor: 9_000_000 }, tokens.cashier))).toBe(
      'approvalRequired',
    );
    // The same payload under another op id is another operation: not approved.
    expect(reasonOf(await core.call('points:award', { ...award, opId: randomUUID() }, tokens.cashier))).toBe(
      'approvalRequired',
    );
    // The approved one still goes through, once.
    expect(reasonOf(await core.call('points:award', award, tokens.cashier))).toBe('ok');
    const again = { ...award, opId: randomUUID(), receiptNo: 'R-B' };
    expect(reasonOf(await core.call('points:award', again, tokens.cashier))).toBe('approvalRequired');
    // And approving an already used request fails.
    expect(
      reasonOf(
        await core.call(
          'staff:approve',
          { requestId, username: MANAGER.username, password: MANAGER.password },
          tokens.cashier,
        ),
      ),
    ).toBe('approvalNotFound');
  });

  it('an approval expires two minutes after it is given', async () => {
    const { core, tokens, member } = await setup();
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'R-LATE', totalMinor: 300_000 };
    const requestId = requestIdOf(await core.call('points:award', award, tokens.cashier));
    await core.ok('staff:approve', { requestId, username: OWNER.username, password: OWNER.password }, tokens.cashier);
    core.clock.advance(2 * 60_000 + 1);
    expect(reasonOf(await core.call('points:award', award, tokens.cashier))).toBe('approvalRequired');
  });

  it('a cashier cannot approve their own request, and wrong manager passwords back off', async () => {
    const { core, tokens, member } = await setup();
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'R-SELF', totalMinor: 300_000 };
    const requestId = requestIdOf(await core.call('points:award', award, tokens.cashier));
    const self = await core.call(
      'staff:approve',
      { requestId, username: CASHIER.username, password: CASHIER.password },
      tokens.cashier,
    );
    expect(reasonOf(self)).toBe('approverNotAllowed');
    const reasons: string[] = [];
    for (let i = 0; i < 7; i++) {
      reasons.push(
        reasonOf(
          await core.call(
            'staff:approve',
            { requestId, username: MANAGER.username, password: `guess ${i}` },
            tokens.cashier,
          ),
        ),
      );
    }
    expect(reasons.slice(0, 4)).toEqual(Array(4).fill('wrongCredentials'));
    expect(reasons.slice(4)).toEqual(Array(3).fill('tooManyAttempts'));
    // Even the right password waits out the back-off.
    const right = await core.call(
      'staff:approve',
      { requestId, username: MANAGER.username, password: MANAGER.password },
      tokens.cashier,
    );
    expect(reasonOf(right)).toBe('tooManyAttempts');
    // An unknown user name answers like a wrong password.
    const unknown = await core.call('staff:approve', { requestId, username: 'nobody', password: 'x' }, tokens.cashier);
    expect(reasonOf(unknown)).toBe('wrongCredentials');
  });

  it('managers and owners are never asked: their own action is the approval', async () => {
    const { core, tokens, member } = await setup();
    const award = { opId: randomUUID(), memberId: member.id, receiptNo: 'R-MGR', totalMinor: 900_000 };
    expect(reasonOf(await core.call('points:award', award, tokens.manager))).toBe('ok');
  });

  it('adjust and clear stay manager-only', async () => {
    const { core, tokens, member } = await setup();
    const adjust = await core.call(
      'points:adjust',
      { opId: randomUUID(), memberId: member.id, points: 100_000_000, reason: 'because' },
      tokens.cashier,
    );
    expect(reasonOf(adjust)).toBe('FORBIDDEN');
    const clear = await core.call(
      'points:clearMember',
      { opId: randomUUID(), memberId: member.id, reason: 'because' },
      tokens.cashier,
    );
    expect(reasonOf(clear)).toBe('FORBIDDEN');
  });
});

describe('redeem → hand over → void, five times', () => {
  async function withReward() {
    const s = await setup();
    await core(s).ok(
      'points:award',
      { opId: randomUUID(), memberId: s.member.id, receiptNo: 'R-SEED', totalMinor: 100_000 },
      s.tokens.manager,
    );
    const reward = await s.core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 100 }, s.tokens.manager);
    return { ...s, reward };
  }
  const core = (s: { core: TestCore }) => s.core;
  const redeem = (s: Awaited<ReturnType<typeof withReward>>, token: string) =>
    s.core.ok('rewards:redeem', { opId: randomUUID(), memberId: s.member.id, rewardId: s.reward.id }, token);
  const voidIt = (s: Awaited<ReturnType<typeof withReward>>, id: string, token: string) =>
    s.core.call('rewards:void', { opId: randomUUID(), redemptionId: id, reason: 'changed mind' }, token);

  it('a cashier voids their own fresh redemption (a mistake at the counter), not an old one', async () => {
    const s = await withReward();
    const fresh = await redeem(s, s.tokens.cashier);
    expect(reasonOf(await voidIt(s, fresh.id, s.tokens.cashier))).toBe('ok');
    const old = await redeem(s, s.tokens.cashier);
    s.core.clock.advance(31 * 60_000);
    const late = await voidIt(s, old.id, s.tokens.cashier);
    expect(reasonOf(late)).toBe('approvalRequired');
    expect(late.ok ? null : late.error.details).toMatchObject({ policy: 'reverseOld', facts: { ageMinutes: 31 } });
    // Nothing moved: the redemption is still active and the points still spent.
    const list = await s.core.ok('rewards:listRedemptions', { memberId: s.member.id }, s.tokens.cashier);
    expect(list.find((r) => r.id === old.id)?.status).toBe('active');
  });

  it('a redemption someone else made needs a manager to void', async () => {
    const s = await withReward();
    const byManager = await redeem(s, s.tokens.manager);
    const r = await voidIt(s, byManager.id, s.tokens.cashier);
    expect(reasonOf(r)).toBe('approvalRequired');
    expect(r.ok ? null : r.error.details?.policy).toBe('reverseOthers');
  });

  it('the loop, attempted five times after handing over the goods, voids nothing without a manager', async () => {
    const s = await withReward();
    const start = await balanceOf(s.core, s.tokens.cashier, s.member.id);
    for (let i = 0; i < 5; i++) {
      const r = await redeem(s, s.tokens.cashier);
      s.core.clock.advance(31 * 60_000); // the goods walked out of the door
      expect(reasonOf(await voidIt(s, r.id, s.tokens.cashier))).toBe('approvalRequired');
    }
    expect(await balanceOf(s.core, s.tokens.cashier, s.member.id)).toBe(start - 500);
  });

  it('a refund giving points back on an old purchase paid with points needs a manager; one without points does not', async () => {
    const s = await withReward();
    await s.core.ok('points:saveRules', { rules: { ...DEFAULT_RULES, payWithPointsAllowed: true } }, s.tokens.manager);
    await s.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: s.member.id, receiptNo: 'R-PAID', totalMinor: 10_000, pointsToUse: 500 },
      s.tokens.cashier,
    );
    await s.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: s.member.id, receiptNo: 'R-CASH', totalMinor: 10_000 },
      s.tokens.cashier,
    );
    s.core.clock.advance(31 * 60_000);
    const paid = await s.core.call('points:refund', { opId: randomUUID(), receiptNo: 'R-PAID' }, s.tokens.cashier);
    expect(reasonOf(paid)).toBe('approvalRequired');
    const cash = await s.core.call('points:refund', { opId: randomUUID(), receiptNo: 'R-CASH' }, s.tokens.cashier);
    expect(reasonOf(cash)).toBe('ok');
  });
});

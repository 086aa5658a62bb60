import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';

describe('audit:list for the plain-language log', () => {
  it('names who each record is about (staff, member, the member of a refund) and filters by exact action', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok('members:register', { name: 'Lin Mei', phone: '13987654321' }, tokens.cashier);
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: m.id, points: 50, reason: 'welcome' },
      tokens.manager,
    );
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-9', totalMinor: 1000 },
      tokens.cashier,
    );
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: 'R-9' }, tokens.cashier);

    const adjusted = await core.ok('audit:list', { actionIs: 'points.adjusted', limit: 10 }, tokens.manager);
    expect(adjusted.entries).toHaveLength(1);
    expect(adjusted.entries[0]).toMatchObject({
      actorName: 'manny',
      staffName: 'Manny Manager',
      subjectName: 'Lin Mei',
      target: m.id,
    });
    const refunded = await core.ok('audit:list', { actionIs: 'points.refunded', limit: 10 }, tokens.manager);
    expect(refunded.entries[0]).toMatchObject({ target: 'R-9', subjectName: 'Lin Mei' });
    const signIns = await core.ok('audit:list', { actionIs: 'auth.signIn', limit: 50 }, tokens.manager);
    expect(signIns.entries.length).toBeGreaterThan(0);
    expect(signIns.entries.every((e) => e.action === 'auth.signIn' && e.subjectName === e.staffName)).toBe(true);
    // Exact means exact: 'auth.signIn' is not 'auth.signInFailed'.
    await core.call('auth:signIn', { username: 'manny', password: 'wrong wrong wrong' });
    const exact = await core.ok('audit:list', { actionIs: 'auth.signIn', limit: 50 }, tokens.manager);
    expect(exact.entries.some((e) => e.action !== 'auth.signIn')).toBe(false);

    const before = snapshotCounts(core);
    expectError(await core.call('audit:list', { actionIs: 'x'.repeat(61) }, tokens.manager), 'VALIDATION');
    expectError(await core.call('audit:list', { actionIs: 7 as never }, tokens.manager), 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });
});

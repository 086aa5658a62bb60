import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { SCENARIO_RULES, ledgerSum, makePointsCore, op } from './points-helpers';
import { BULK_CLEAR_CONFIRMATION } from '../../../src/shared/contract/points';

const audits = (core: { db: import('better-sqlite3').Database }, action: string) =>
  core.db.prepare('SELECT target, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as {
    target: string | null;
    details: string;
  }[];

describe('manager actions', () => {
  it('adjusts ± with a reason, audited; never below zero; cashiers may not', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const plus = await core.ok(
      'points:adjust',
      { opId: op(), memberId: member, points: 50, reason: 'service recovery' },
      tokens.manager,
    );
    expect(plus).toMatchObject({ kind: 'adjust', points: 50, balanceAfter: 50, reason: 'service recovery' });
    expect(plus.staffName).toBe('Manny Manager');
    const minus = await core.ok(
      'points:adjust',
      { opId: op(), memberId: member, points: -20, reason: 'typo fix' },
      tokens.manager,
    );
    expect(minus.balanceAfter).toBe(30);
    expect(audits(core, 'points.adjusted')).toHaveLength(2);

    const before = snapshotCounts(core);
    const below = await core.call(
      'points:adjust',
      { opId: op(), memberId: member, points: -31, reason: 'too much' },
      tokens.manager,
    );
    expectError(below, 'CONFLICT');
    const cashier = await core.call(
      'points:adjust',
      { opId: op(), memberId: member, points: 5, reason: 'nope' },
      tokens.cashier,
    );
    expectError(cashier, 'FORBIDDEN');
    const noReason = await core.call(
      'points:adjust',
      { opId: op(), memberId: member, points: 5, reason: '  ' },
      tokens.manager,
    );
    expectError(noReason, 'VALIDATION');
    const zero = await core.call(
      'points:adjust',
      { opId: op(), memberId: member, points: 0, reason: 'nothing' },
      tokens.manager,
    );
    expectError(zero, 'VALIDATION');
    const before2 = snapshotCounts(core);
    // FORBIDDEN is audited (the dispatcher's own record), nothing else changes.
    expect({ ...before2, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('clears one member with a reason, audited, and refuses to clear nothing', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'C1', totalMinor: 12345 }, tokens.cashier);
    const e = await core.ok(
      'points:clearMember',
      { opId: op(), memberId: member, reason: 'card sharing violation' },
      tokens.manager,
    );
    expect(e).toMatchObject({ kind: 'clear', points: -123, balanceAfter: 0 });
    expect(audits(core, 'points.cleared')[0].target).toBe(member);
    const again = await core.call(
      'points:clearMember',
      { opId: op(), memberId: member, reason: 'again' },
      tokens.manager,
    );
    expectError(again, 'CONFLICT');
  });

  it('bulk-clears with a reason and the typed confirmation, optionally only inactive members', async () => {
    const { core, tokens, members } = await makePointsCore({ rules: SCENARIO_RULES, members: 3 });
    for (const [i, m] of members.entries()) {
      await core.ok(
        'points:award',
        { opId: op(), memberId: m, receiptNo: `B${i}`, totalMinor: 1000 * (i + 1) },
        tokens.cashier,
      );
      core.clock.advance(1000);
    }
    const before = snapshotCounts(core);
    const wrong = await core.call(
      'points:bulkClear',
      { opId: op(), reason: 'programme relaunch', confirmation: 'clear all points' as never },
      tokens.manager,
    );
    expectError(wrong, 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);

    // The preview counts exactly what the clear then clears, and writes nothing.
    const preview = await core.ok('points:bulkClearPreview', { inactiveSince: core.clock.t - 1500 }, tokens.manager);
    expect(preview).toEqual({ members: 2, pointsCleared: 30 });
    expect(await core.ok('points:bulkClearPreview', {}, tokens.manager)).toEqual({ members: 3, pointsCleared: 60 });
    expect(snapshotCounts(core)).toEqual(before);
    expectError(await core.call('points:bulkClearPreview', {}, tokens.cashier), 'FORBIDDEN');
    expectError(
      await core.call('points:bulkClearPreview', { inactiveSince: 'yesterday' as never }, tokens.manager),
      'VALIDATION',
    );
    const partial = await core.ok(
      'points:bulkClear',
      {
        opId: op(),
        reason: 'dormant accounts',
        confirmation: BULK_CLEAR_CONFIRMATION,
        inactiveSince: core.clock.t - 1500,
      },
      tokens.manager,
    );
    expect(partial).toEqual({ members: 2, pointsCleared: 30 });
    const all = await core.ok(
      'points:bulkClear',
      { opId: op(), reason: 'programme relaunch', confirmation: BULK_CLEAR_CONFIRMATION },
      tokens.manager,
    );
    expect(all).toEqual({ members: 1, pointsCleared: 30 });
    for (const m of members) expect(ledgerSum(core, m)).toBe(0);
    // One record per member cleared (2 by the first run, 1 by the second), naming the member.
    expect(audits(core, 'points.bulkCleared')).toHaveLength(3);
    const check = await core.ok('points:checkLedger', {}, tokens.manager);
    expect(check).toMatchObject({ ok: true, membersChecked: 3, mismatches: [] });
  });

  it("standings: balance and the counter's tier per member (base tier at spend 0); bad input refused", async () => {
    const { core, tokens, members } = await makePointsCore({ rules: SCENARIO_RULES, members: 2 });
    await core.ok(
      'points:award',
      { opId: op(), memberId: members[0], receiptNo: 'S-1', totalMinor: 120_000 },
      tokens.cashier,
    );
    const rows = await core.ok('points:standings', { memberIds: members }, tokens.manager);
    const counter = await core.ok('points:memberSummary', { memberId: members[1] }, tokens.cashier);
    expect(counter.tier?.name).toBe('Bronze');
    expect(rows).toEqual([
      { memberId: members[0], balance: 1200, tier: 'Gold' },
      { memberId: members[1], balance: 0, tier: 'Bronze' },
    ]);
    expectError(await core.call('points:standings', { memberIds: members }, tokens.cashier), 'FORBIDDEN');
    const before = snapshotCounts(core); // (a refused cashier is itself audited)
    expectError(await core.call('points:standings', { memberIds: ['x'] }, tokens.manager), 'VALIDATION');
    expectError(
      await core.call('points:standings', { memberIds: Array.from({ length: 501 }, () => members[0]) }, tokens.manager),
      'VALIDATION',
    );
    expect(snapshotCounts(core)).toEqual(before);
  });
});

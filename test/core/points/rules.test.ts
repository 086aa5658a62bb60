import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { inTimeZone } from '../../helpers/time-zone';
import { DEFAULT_RULES, explainEn, makePointsCore, op, SCENARIO_RULES, travel } from './points-helpers';

describe('rule sets', () => {
  it('starts at version 1 (migration defaults) and saves new versions, audited', async () => {
    const { core, tokens } = await makePointsCore();
    const start = await core.ok('points:getRules', {}, tokens.cashier);
    expect(start.current.version).toBe(1);
    expect(start.current.rules).toEqual(DEFAULT_RULES);
    const saved = await core.ok('points:saveRules', { rules: SCENARIO_RULES }, tokens.manager);
    expect(saved.version).toBe(2);
    expect((await core.ok('points:getRules', {}, tokens.cashier)).current.version).toBe(2);
    const versions = await core.ok('points:listRuleVersions', {}, tokens.manager);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'points.rulesSaved'").pluck().get()).toBe(1);
    const cashier = await core.call('points:saveRules', { rules: SCENARIO_RULES }, tokens.cashier);
    expectError(cashier, 'FORBIDDEN');
  });

  it('takes effect at its date: purchases before use the old version, after use the new', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const from = core.clock.t + 3_600_000;
    await core.ok(
      'points:saveRules',
      { rules: { ...SCENARIO_RULES, earnRate: { points: 2, perMinor: 100 } }, effectiveFrom: from },
      tokens.manager,
    );
    const state = await core.ok('points:getRules', {}, tokens.cashier);
    expect(state.current.version).toBe(2);
    expect(state.upcoming.map((u) => u.version)).toEqual([3]);
    const before = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'V1', totalMinor: 1000 },
      tokens.cashier,
    );
    expect(before).toMatchObject({ ruleVersion: 2, pointsEarned: 10 });
    await travel(core, tokens, from - core.clock.t);
    const after = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'V2', totalMinor: 1000 },
      tokens.cashier,
    );
    expect(after).toMatchObject({ ruleVersion: 3, pointsEarned: 20 });
    expect(explainEn(after.facts, { receipt: false })).toBe('¥10.00 × 2 pts/¥1 = 20 pts');
  });

  it('previews the last N purchases under proposed rules without writing anything', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    for (let i = 0; i < 3; i++) {
      await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: `P${i}`, totalMinor: 10500 },
        tokens.cashier,
      );
      core.clock.advance(1000);
    }
    const before = snapshotCounts(core);
    const preview = await core.ok(
      'points:previewRules',
      { rules: { ...SCENARIO_RULES, earnRate: { points: 3, perMinor: 200 } }, lastN: 2 },
      tokens.manager,
    );
    expect(preview.rows.map((r) => r.receiptNo)).toEqual(['P2', 'P1']);
    expect(preview.rows[0]).toMatchObject({ actualPoints: 105, proposedPoints: 157, actualRuleVersion: 2 });
    expect(preview.totals).toEqual({ purchases: 2, actualPoints: 210, proposedPoints: 314, difference: 104 });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('rejects inconsistent rule sets and past effective dates', async () => {
    const { core, tokens } = await makePointsCore();
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      { rules: { ...SCENARIO_RULES, tiers: [...SCENARIO_RULES.tiers].reverse() } },
      { rules: { ...SCENARIO_RULES, earnRate: { points: 1, perMinor: 0 } } },
      { rules: { ...SCENARIO_RULES, earnRate: { points: 0.5, perMinor: 100 } } },
      { rules: { ...SCENARIO_RULES, payWithPointsMaxPercent: 101 } },
      { rules: { ...SCENARIO_RULES, rounding: 'banker' } },
      { rules: { ...SCENARIO_RULES, extra: 1 } },
      {
        rules: {
          ...SCENARIO_RULES,
          promotions: [{ name: 'x', kind: 'bonus', startsAt: 10, endsAt: 5, bonusPoints: 1 }],
        },
      },
      { rules: { ...SCENARIO_RULES, promotions: [{ name: 'x', kind: 'multiplier', startsAt: 1, endsAt: 5 }] } },
      { rules: SCENARIO_RULES, effectiveFrom: core.clock.t - 1 },
      {
        rules: {
          ...SCENARIO_RULES,
          categoryMultipliers: [
            { category: 'a', multiplierPercent: 100 },
            { category: 'a', multiplierPercent: 200 },
          ],
        },
      },
    ];
    for (const input of bad) {
      const r = await core.call('points:saveRules', input as never, tokens.manager);
      expectError(r, 'VALIDATION', undefined, JSON.stringify(input).slice(0, 200));
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('applies weekend promotions only on their weekdays, in the store’s time zone', async () => {
    // The store's day is the terminal's time zone. Shanghai (UTC+8) is pinned so that the
    // two clocks, half an hour either side of local midnight, are both Friday in UTC.
    await inTimeZone('Asia/Shanghai', async () => {
      const { core, tokens, member } = await makePointsCore({
        rules: {
          ...SCENARIO_RULES,
          tiers: [],
          promotions: [
            {
              name: 'Weekend',
              kind: 'multiplier',
              multiplierPercent: 200,
              weekdays: [0, 6],
              startsAt: 0,
              endsAt: 8e15,
            },
          ],
        },
      });
      const fridayLate = new Date(2026, 10, 27, 23, 30).getTime(); // Fri 23:30 local
      const saturdayEarly = new Date(2026, 10, 28, 0, 30).getTime(); // Sat 00:30 local
      expect([new Date(fridayLate).getDay(), new Date(saturdayEarly).getDay()]).toEqual([5, 6]);
      expect([new Date(fridayLate).getUTCDay(), new Date(saturdayEarly).getUTCDay()]).toEqual([5, 5]);

      await travel(core, tokens, fridayLate - core.clock.t);
      const weekday = await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: 'W1', totalMinor: 1000 },
        tokens.cashier,
      );
      expect(weekday.pointsEarned).toBe(10);
      expect(explainEn(weekday.facts)).not.toContain('Weekend');

      await travel(core, tokens, saturdayEarly - core.clock.t);
      const weekend = await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: 'W2', totalMinor: 1000 },
        tokens.cashier,
      );
      expect(weekend.pointsEarned).toBe(20);
      expect(explainEn(weekend.facts)).toContain('Weekend ×2');
    });
  });
});

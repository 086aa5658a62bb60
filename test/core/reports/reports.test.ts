import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { makeStaffedCore, snapshotCounts, type TestCore } from '../../helpers/core';
import { seedActivity } from '../offline/seed';
import { liabilityOf } from '../../../src/main/core/reports/liability';
import { points as asPoints } from '../../../src/shared/units';
import type { RuleSet } from '../../../src/shared/contract/points';

const DAY = 86_400_000;

async function saveRules(core: TestCore, token: string, patch: Partial<RuleSet>) {
  const { current } = await core.ok('points:getRules', {}, token);
  await core.ok('points:saveRules', { rules: { ...current.rules, ...patch } }, token);
}

const sumLedger = (core: TestCore) =>
  core.db.prepare('SELECT coalesce(sum(points), 0) FROM points_ledger').pluck().get() as number;

describe('reports', () => {
  it('summary: purchases, refunds, points by kind with the identity, liability at b', async () => {
    const { core, tokens } = await makeStaffedCore();
    await saveRules(core, tokens.manager, { redeemValue: { minor: 1, perPoints: 3 } });
    const from = core.clock.now();
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 2 }); // 3×(105+210)=945 pts, one 100-pt redemption
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: s.receipts[0] }, tokens.cashier); // claws back 105
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: s.memberIds[2], points: 7, reason: 'goodwill' },
      tokens.manager,
    );
    const to = core.clock.now() + 1;
    const r = await core.ok('reports:summary', { from, to }, tokens.manager);
    expect(r.purchases).toEqual({ count: 6, grossMinor: 94_500, pointsDiscountMinor: 0, paidMinor: 94_500 });
    expect(r.refunds).toEqual({ count: 1, amountMinor: 10_500 });
    expect(r.netSpendMinor).toBe(84_000);
    expect(r.points).toMatchObject({ issued: 945, redeemed: 100, expired: 0, adjusted: 7, clawedBack: 105 });
    const p = r.points;
    expect(p.issued - p.redeemed - p.expired + p.adjusted - p.clawedBack).toBe(p.net);
    expect(p.net).toBe(sumLedger(core));
    // Outstanding = all positive balances; liability = floor(outstanding × 1 / 3).
    expect(r.liability.outstandingPoints).toBe(945 - 100 - 105 + 7);
    expect(r.liability.liabilityMinor).toBe(Math.floor(747 / 3));
    expect(r.liability.redeemValue).toEqual({ minor: 1, perPoints: 3 });
    expect(await core.ok('reports:liability', {}, tokens.manager)).toEqual(r.liability);
    // A period before any activity is all zeros (but liability is "now").
    const empty = await core.ok('reports:summary', { from: from - 10 * DAY, to: from - DAY }, tokens.manager);
    expect(empty.purchases.count).toBe(0);
    expect(empty.points.net).toBe(0);
  });

  it('liability is exact integer arithmetic (no float rounding), refused beyond 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }).map(asPoints),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (points, minor, perPoints) => {
          const exact = (BigInt(points) * BigInt(minor)) / BigInt(perPoints);
          if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => liabilityOf(points, { minor, perPoints })).toThrow(/too large/);
          } else {
            expect(BigInt(liabilityOf(points, { minor, perPoints }))).toBe(exact);
          }
        },
      ),
    );
  });

  it('top members, redemption by reward (voids counted apart), tier distribution', async () => {
    const { core, tokens } = await makeStaffedCore();
    await saveRules(core, tokens.manager, {
      tiers: [
        { name: 'Silver', thresholdMinor: 20_000, multiplierPercent: 100 },
        { name: 'Gold', thresholdMinor: 50_000, multiplierPercent: 150 },
      ],
    });
    const from = core.clock.now();
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 1 });
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: s.memberIds[1], receiptNo: 'BIG-1', totalMinor: 60_000 },
      tokens.cashier,
    );
    const red = await core.ok(
      'rewards:redeem',
      { opId: randomUUID(), memberId: s.memberIds[1], rewardId: s.rewardId },
      tokens.cashier,
    );
    await core.ok('rewards:void', { opId: randomUUID(), redemptionId: red.id, reason: 'wrong item' }, tokens.cashier);
    const to = core.clock.now() + 1;
    const top = await core.ok('reports:topMembers', { from, to, limit: 2 }, tokens.manager);
    expect(top.map((t) => t.memberId)).toEqual([s.memberIds[1], s.memberIds[0]]);
    expect(top[0]).toMatchObject({ purchases: 2, spendMinor: 70_500 });
    const byReward = await core.ok('reports:redemptionByReward', { from, to }, tokens.manager);
    expect(byReward).toEqual([
      { rewardId: s.rewardId, rewardName: 'Free coffee 0', redemptions: 1, voided: 1, points: 100 },
    ]);
    await core.ok('members:register', { name: 'No Purchases', phone: '13900139000' }, tokens.cashier);
    const tiers = await core.ok('reports:tierDistribution', {}, tokens.manager);
    expect(tiers).toEqual([
      { tier: null, thresholdMinor: null, members: 3 },
      { tier: 'Silver', thresholdMinor: 20_000, members: 0 },
      { tier: 'Gold', thresholdMinor: 50_000, members: 1 },
    ]);
  });

  it('tier distribution puts members below every other threshold in a threshold-0 base tier, as the counter does', async () => {
    const { core, tokens } = await makeStaffedCore();
    await saveRules(core, tokens.manager, {
      tiers: [
        { name: 'Bronze', thresholdMinor: 0, multiplierPercent: 100 },
        { name: 'Gold', thresholdMinor: 50_000, multiplierPercent: 150 },
      ],
    });
    const s = await seedActivity(core, tokens, { members: 2, purchasesEach: 1 });
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: s.memberIds[1], receiptNo: 'BIG-1', totalMinor: 60_000 },
      tokens.cashier,
    );
    const fresh = await core.ok('members:register', { name: 'No Purchases', phone: '13900139000' }, tokens.cashier);
    const counter = await core.ok('points:memberSummary', { memberId: fresh.id }, tokens.cashier);
    expect(counter.tier?.name).toBe('Bronze');
    const tiers = await core.ok('reports:tierDistribution', {}, tokens.manager);
    expect(tiers).toEqual([
      { tier: 'Bronze', thresholdMinor: 0, members: 2 },
      { tier: 'Gold', thresholdMinor: 50_000, members: 1 },
    ]);
  });

  it('expiry forecast: the next 90 days in weekly buckets', async () => {
    const { core, tokens } = await makeStaffedCore();
    await saveRules(core, tokens.manager, { expiryMonths: 1 });
    await seedActivity(core, tokens, { members: 1, purchasesEach: 2 }); // 315 pts, 100 redeemed (oldest lot first)
    const f = await core.ok('reports:expiryForecast', { days: 90 }, tokens.manager);
    expect(f.buckets).toHaveLength(13);
    expect(f.total).toBe(215);
    const lots = core.db.prepare('SELECT sum(remaining) FROM points_lots').pluck().get();
    expect(f.total).toBe(lots);
    const week = f.buckets.findIndex((b) => b.points > 0);
    expect(week).toBeGreaterThanOrEqual(3); // ~30 days out
    expect(week).toBeLessThanOrEqual(4);
    const none = await core.ok('reports:expiryForecast', { days: 7 }, tokens.manager);
    expect(none.total).toBe(0);
  });

  it('member insights: segment and suggestions ("N pts to a free coffee")', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await seedActivity(core, tokens, { members: 2, purchasesEach: 1 }); // member 0: 105 − 100 = 5 pts
    await core.ok('rewards:create', { name: 'Cake', kind: 'goods', costPoints: 300 }, tokens.manager);
    const m1 = await core.ok('reports:memberInsights', { memberId: s.memberIds[1] }, tokens.cashier); // 105 pts
    expect(m1.segment).toBe('new');
    expect(m1.balance).toBe(105);
    expect(m1.affordable.map((a) => a.name)).toEqual(['Free coffee 0']);
    expect(m1.next).toMatchObject({ name: 'Cake', pointsNeeded: 195 });
    const m0 = await core.ok('reports:memberInsights', { memberId: s.memberIds[0] }, tokens.cashier);
    expect(m0.affordable).toEqual([]);
    expect(m0.next).toMatchObject({ name: 'Free coffee 0', pointsNeeded: 95 });
    // A year later with no visits: lapsed.
    core.clock.advance(200 * DAY);
    const token = (await core.ok('auth:signIn', { username: 'cathy', password: 'cashier pass 42' })).token;
    expect((await core.ok('reports:memberInsights', { memberId: s.memberIds[0] }, token)).segment).toBe('lapsed');
  });

  it('CSV download of each report: BOM, header, parseable', async () => {
    const { core, tokens } = await makeStaffedCore();
    const from = core.clock.now();
    await seedActivity(core, tokens, { members: 2, purchasesEach: 1, names: ['=cmd|evil', '李雷'] });
    const to = core.clock.now() + 1;
    for (const report of ['summary', 'topMembers', 'tiers', 'redemptions', 'expiry'] as const) {
      const r = await core.ok('reports:csv', { report, from, to }, tokens.manager);
      expect(r.fileName).toMatch(new RegExp(`^perkdesk-${report}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      expect(r.csv.charCodeAt(0)).toBe(0xfeff);
      const rows = parse(r.csv, { bom: true }) as string[][];
      expect(rows.length).toBeGreaterThan(1);
    }
    const top = parse((await core.ok('reports:csv', { report: 'topMembers', from, to }, tokens.manager)).csv, {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(top.map((t) => t.name).sort()).toEqual(["'=cmd|evil", '李雷'].sort());
  });

  it('bad input is a typed error; cashiers get no manager reports; nothing is written', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const t = core.clock.now();
    const badPeriods: unknown[] = [
      { from: t, to: t },
      { from: t, to: t - 1 },
      { from: 0, to: 2000 * DAY },
      { from: -1, to: t },
      { from: t, to: Number.NaN },
      { from: 1.5, to: t },
      { from: '0', to: t },
      { from: t },
      { from: t, to: t + 1, extra: true },
      { from: '0; DROP TABLE members;--', to: t },
    ];
    for (const input of badPeriods) {
      for (const ch of ['reports:summary', 'reports:redemptionByReward', 'reports:topMembers'] as const) {
        const r = await core.call(ch, input as never, tokens.manager);
        expectError(r, 'VALIDATION', undefined, `${ch} ${JSON.stringify(input)}`);
      }
    }
    for (const input of [{ days: 0 }, { days: 367 }, { days: -5 }, { days: 1.5 }, { days: 'x' }, { days: 90, x: 1 }]) {
      const r = await core.call('reports:expiryForecast', input as never, tokens.manager);
      expectError(r, 'VALIDATION');
    }
    for (const input of [{ memberId: 'x'.repeat(100_000) }, { memberId: "1' OR '1'='1" }, {}, { memberId: null }]) {
      const r = await core.call('reports:memberInsights', input as never, tokens.cashier);
      expectError(r, 'VALIDATION');
    }
    const unknown = await core.call(
      'reports:memberInsights',
      { memberId: '01900000-0000-7000-8000-000000000000' },
      tokens.cashier,
    );
    expectError(unknown, 'NOT_FOUND');
    for (const input of [
      { report: 'everything', from: t, to: t + 1 },
      { report: 'summary', from: t, to: t },
    ]) {
      const r = await core.call('reports:csv', input as never, tokens.manager);
      expectError(r, 'VALIDATION');
    }
    for (const ch of ['reports:summary', 'reports:csv', 'reports:liability', 'reports:tierDistribution'] as const) {
      const input =
        ch === 'reports:csv'
          ? { report: 'summary', from: t, to: t + 1 }
          : ch === 'reports:summary'
            ? { from: t, to: t + 1 }
            : {};
      const r = await core.call(ch, input as never, tokens.cashier);
      expectError(r, 'FORBIDDEN');
    }
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });
});

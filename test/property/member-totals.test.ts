import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../helpers/core';
import { DEFAULT_RULES, registerMember, travel } from '../core/points/points-helpers';
import { checkMemberMonths, checkMemberTotals } from '../../src/main/core/points/member-totals-check';
import { topSpendersByMonths } from '../../src/main/core/points/member-totals';
import { topMembersByScan } from '../../src/main/core/reports/period-reports';
import { memberLabels } from '../../src/main/core/members/member-repo';

const DAY = 86_400_000;

type Step =
  | { kind: 'award'; member: number; totalMinor: number; usePct: number; wait: number }
  | { kind: 'refund'; pick: number; wait: number }
  | { kind: 'adjust'; member: number; points: number; wait: number }
  | { kind: 'redeem'; member: number; wait: number };

// Waits from seconds to ~40 days, so activity spreads over several UTC months and their edges.
const wait = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 3 * DAY }),
  fc.integer({ min: 0, max: 40 * DAY }),
);
const member = fc.nat(4);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      member,
      totalMinor: fc.integer({ min: 1, max: 200_000 }),
      usePct: fc.constantFrom(0, 0, 30),
      wait,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), wait }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      member,
      points: fc.integer({ min: -50, max: 500 }),
      wait,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeem' as const), member, wait }) },
);

describe('per-member running totals equal the tables (property)', () => {
  it('after any awards (some part-paid with points), refunds, adjustments, redemptions and expiry; top members match a scan', async () => {
    let ranked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const { core, tokens } = await makeStaffedCore();
        // Points expire after a month (so the expiry run writes entries too) and may pay up to half a purchase.
        await core.ok(
          'points:saveRules',
          { rules: { ...DEFAULT_RULES, payWithPointsAllowed: true, payWithPointsMaxPercent: 50, expiryMonths: 1 } },
          tokens.manager,
        );
        await core.ok(
          'settings:update',
          { approvalAwardOverMinor: 1_000_000_000_00, approvalAwardOverPoints: 1_000_000_000, idleLockMinutes: 240 },
          tokens.manager,
        );
        const reward = await core.ok(
          'rewards:create',
          { name: 'Cup', kind: 'goods', costPoints: 100, stock: null },
          tokens.manager,
        );
        const members: string[] = [];
        for (let i = 0; i < 5; i++) members.push(await registerMember(core, tokens.cashier, `T ${i}`));
        const start = core.clock.now();
        const receipts: string[] = [];
        for (const s of steps) {
          if (s.wait !== 0) await travel(core, tokens, s.wait);
          if (s.kind === 'award') {
            const receiptNo = `T-${receipts.length}`;
            const bal = core.db
              .prepare('SELECT balance FROM points_balances WHERE member_id = ?')
              .pluck()
              .get(members[s.member]) as number | undefined;
            const use = Math.min(Math.floor(((bal ?? 0) * s.usePct) / 100), Math.floor(s.totalMinor / 2));
            const r = await core.call(
              'points:award',
              {
                opId: randomUUID(),
                memberId: members[s.member],
                receiptNo,
                totalMinor: s.totalMinor,
                ...(use > 0 ? { pointsToUse: use } : {}),
              },
              tokens.cashier,
            );
            if (r.ok) receipts.push(receiptNo);
          } else if (s.kind === 'refund' && receipts.length > 0) {
            await core.call(
              'points:refund',
              { opId: randomUUID(), receiptNo: receipts[s.pick % receipts.length] },
              tokens.manager,
            );
          } else if (s.kind === 'adjust' && s.points !== 0) {
            await core.call(
              'points:adjust',
              { opId: randomUUID(), memberId: members[s.member], points: s.points, reason: 'test' },
              tokens.manager,
            );
          } else if (s.kind === 'redeem') {
            await core.call(
              'rewards:redeem',
              { opId: randomUUID(), memberId: members[s.member], rewardId: reward.id },
              tokens.cashier,
            );
          }
        }
        const end = core.clock.now() + 1;
        expect(checkMemberTotals(core.db)).toEqual([]);
        for (const m of members) expect(checkMemberMonths(core.db, m)).toEqual([]);

        // Any period: the month-totals ranking, when it answers, is the scan's ranking.
        const rank = (ids: string[]) => new Map([...memberLabels(core.db, ids)].map(([id, l]) => [id, l.seq]));
        const t = fc.integer({ min: start - DAY, max: end + DAY });
        fc.assert(
          fc.property(t, t, fc.integer({ min: 1, max: 6 }), (a, b, limit) => {
            const [from, to] = a <= b ? [a, b] : [b, a];
            const fast = topSpendersByMonths(core.db, from, to, limit, rank);
            if (fast === null) return;
            ranked++;
            const scan = topMembersByScan(core.db, from, to, limit);
            expect(fast.map((f) => [f.memberId, f.purchases, f.spendMinor, f.pointsEarned])).toEqual(
              scan.map((f) => [f.memberId, f.purchases, f.spendMinor, f.pointsEarned]),
            );
          }),
          { numRuns: 100 },
        );
        core.close();
      }),
      { numRuns: 8 },
    );
    // The fast path must actually have answered some of the periods above.
    expect(ranked).toBeGreaterThan(0);
  }, 180_000);
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { registerMember, travel } from '../core/points/points-helpers';
import { DAY, tieredStore, tiersArb, wait } from './tier-store';
import { tierDistribution, tierDistributionByScan } from '../../src/main/core/reports/period-reports';

type Step =
  | { kind: 'award'; member: number; totalMinor: number; usePct: number; wait: number }
  | { kind: 'refund'; pick: number; wait: number }
  | { kind: 'deactivate' | 'reactivate' | 'erase'; member: number; wait: number };

const member = fc.nat(5);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      member,
      totalMinor: fc.integer({ min: 1, max: 60_000 }),
      usePct: fc.constantFrom(0, 0, 100),
      wait,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), wait }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('deactivate', 'reactivate', 'erase'), member, wait }),
  },
);

describe('tier distribution from the month totals equals the scan (property)', () => {
  it('after any awards (some paid in full with points), refunds, deactivations and erasures, at any moment', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 5, maxLength: 30 }),
        tiersArb,
        fc.integer({ min: 1, max: 3 }),
        async (steps, tiers, tierWindowMonths) => {
          const { core, tokens } = await tieredStore(tiers, tierWindowMonths);
          const members: string[] = [];
          for (let i = 0; i < 6; i++) members.push(await registerMember(core, tokens.cashier, `T ${i}`));
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
              // usePct 100: the whole bill in points when the balance covers it (paid 0).
              const use = Math.min(Math.floor(((bal ?? 0) * s.usePct) / 100), s.totalMinor);
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
            } else if (s.kind === 'erase') {
              await core.call(
                'members:erase',
                { memberId: members[s.member], reason: 'memberRequest' },
                tokens.manager,
              );
            } else if (s.kind === 'deactivate' || s.kind === 'reactivate') {
              await core.call(`members:${s.kind}`, { memberId: members[s.member] }, tokens.cashier);
            }
          }
          const end = core.clock.now();
          fc.assert(
            fc.property(fc.integer({ min: start, max: end + 100 * DAY }), (now) => {
              compared++;
              expect(tierDistribution(core.db, now)).toEqual(tierDistributionByScan(core.db, now));
            }),
            { numRuns: 60 },
          );
          core.close();
        },
      ),
      { numRuns: 10 },
    );
    expect(compared).toBe(600);
  }, 240_000);
});

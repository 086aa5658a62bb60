import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, type TestCore } from '../helpers/core';
import { registerMember, travel } from '../core/points/points-helpers';
import { pointsByKind, purchaseTotals, refundTotals } from '../../src/main/core/points/report-queries';
import { hoursFromTables, storedHours } from '../helpers/report-hours';

const HOUR = 3_600_000;

/** The figures straight from the tables, one scan of the whole period (what the reports computed before 011). */
function scanned(core: TestCore, from: number, to: number) {
  const db = core.db;
  const p = db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(total_minor), 0) AS gross, coalesce(sum(discount_minor), 0) AS discount,
              coalesce(sum(paid_minor), 0) AS paid FROM points_purchases WHERE created_at >= ? AND created_at < ?`,
    )
    .get(from, to);
  const r = db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS amount
       FROM points_refunds WHERE created_at >= ? AND created_at < ?`,
    )
    .get(from, to);
  const k = db
    .prepare(
      'SELECT kind, sum(points) AS points FROM points_ledger WHERE created_at >= ? AND created_at < ? GROUP BY kind',
    )
    .all(from, to) as { kind: string; points: number }[];
  return { p, r, k: Object.fromEntries(k.map((x) => [x.kind, x.points])) };
}

const viaSummaries = (core: TestCore, from: number, to: number) => ({
  p: purchaseTotals(core.db, from, to),
  r: refundTotals(core.db, from, to),
  k: Object.fromEntries(pointsByKind(core.db, from, to)),
});

type Step =
  | { kind: 'award'; member: number; totalMinor: number; wait: number }
  | { kind: 'refund'; pick: number; wait: number }
  | { kind: 'adjust'; member: number; points: number; wait: number };

// Waits from 0 to ~3 h, in milliseconds, or -1: to the next whole hour exactly. Activity
// lands inside hours, on both sides of hour edges and on them.
const wait = fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 3 * HOUR }), fc.constant(-1));
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      member: fc.nat(2),
      totalMinor: fc.integer({ min: 1, max: 200_000 }),
      wait,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), wait }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      member: fc.nat(2),
      points: fc.integer({ min: -50, max: 500 }),
      wait,
    }),
  },
);

describe('hourly report summaries equal the ledger (property)', () => {
  it('after any sequence of awards, refunds and adjustments, for any period', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const { core, tokens } = await makeStaffedCore();
        const members = [];
        for (let i = 0; i < 3; i++) members.push(await registerMember(core, tokens.cashier, `P ${i}`));
        const start = core.clock.now();
        const receipts: string[] = [];
        for (const s of steps) {
          const toHour = HOUR - (core.clock.now() % HOUR);
          if (s.wait !== 0) await travel(core, tokens, s.wait < 0 ? toHour : s.wait);
          if (s.kind === 'award') {
            const receiptNo = `P-${receipts.length}`;
            await core.ok(
              'points:award',
              { opId: randomUUID(), memberId: members[s.member], receiptNo, totalMinor: s.totalMinor },
              tokens.cashier,
            );
            receipts.push(receiptNo);
          } else if (s.kind === 'refund' && receipts.length > 0) {
            // Refunding twice is refused; a refusal writes nothing, which the summaries must show too.
            await core.call(
              'points:refund',
              { opId: randomUUID(), receiptNo: receipts[s.pick % receipts.length] },
              tokens.cashier,
            );
          } else if (s.kind === 'adjust' && s.points !== 0) {
            await core.call(
              'points:adjust',
              { opId: randomUUID(), memberId: members[s.member], points: s.points, reason: 'test' },
              tokens.manager,
            );
          }
        }
        const end = core.clock.now() + 1;
        // The maintained rows are exactly the tables grouped by hour.
        expect(storedHours(core)).toEqual(hoursFromTables(core));
        // And every period's figures are the same as one scan of it: random edges, whole hours, empty periods.
        const t = fc.integer({ min: start - 2 * HOUR, max: end + 2 * HOUR });
        const aligned = t.map((x) => Math.floor(x / HOUR) * HOUR);
        // Edges exactly at an entry (inclusive from, exclusive to) are where an off-by-one would hide.
        const times = core.db
          .prepare('SELECT DISTINCT created_at FROM points_ledger UNION SELECT created_at + 1 FROM points_ledger')
          .pluck()
          .all() as number[];
        // Purchases too small to earn leave no entries, and constantFrom needs at least one.
        const edge = times.length > 0 ? fc.oneof(t, aligned, fc.constantFrom(...times)) : fc.oneof(t, aligned);
        fc.assert(
          fc.property(edge, edge, (a, b) => {
            const [from, to] = a <= b ? [a, b] : [b, a];
            expect(viaSummaries(core, from, to)).toEqual(scanned(core, from, to));
          }),
          { numRuns: 200 },
        );
        expect(viaSummaries(core, start - HOUR, end)).toEqual(scanned(core, start - HOUR, end));
        core.close();
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});

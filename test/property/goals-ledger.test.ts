import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASHIER, MANAGER, makeStaffedCore, type TestCore } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';
import { minor } from '../../src/shared/units';

/**
 * Goal ledger properties (issue 11 item 4), after EVERY step of random sequences of
 * awards (several lines, quantities), whole and partial refunds, days passing and
 * vouchers used:
 * - each member's cached goal balance = the sum of their goal ledger entries, and every
 *   entry's balance_after is the running sum (so never below zero: a CHECK, too);
 * - a refund never takes back more than the purchase added (owed by returned units);
 * - vouchers issued − withdrawn = (progress − taken − balance) / target, per goal;
 * - while no voucher has left its pending window, a refund is never short, and refunding
 *   every purchase brings every card back to 0 with every voucher withdrawn.
 * PROPERTY_RUNS sequences (default 100, like the points ledger properties).
 */
const RUNS = Math.max(10, Math.floor(Number(process.env.PROPERTY_RUNS ?? 100) / 2));
const DAY = 86_400_000;
const RULES: RuleSet = {
  ...DEFAULT_RULES,
  goals: [
    {
      key: 'spend',
      name: 'Spend ¥50',
      measure: 'spend',
      target: 5000,
      reward: { name: '¥5 off', kind: 'amountOff', valueMinor: 500 },
      pendingDays: 7,
    },
    {
      key: 'stamps',
      name: 'Stamps',
      measure: 'visits',
      target: 3,
      minSpendMinor: 1000,
      reward: { name: 'Tea', kind: 'freeItem' },
    },
    {
      key: 'lattes',
      name: 'Lattes',
      measure: 'units',
      sku: 'LATTE',
      target: 4,
      reward: { name: 'Latte', kind: 'freeItem' },
      pendingDays: 2,
    },
  ],
};
const TARGET: Record<string, number> = { spend: 5000, stamps: 3, lattes: 4 };

type Cmd =
  | { t: 'award'; lines: { sku: 'LATTE' | 'MUG'; quantity: number; unitPriceMinor: number }[] }
  | { t: 'refundAll'; pick: number }
  | { t: 'refundLine'; pick: number; line: number; quantity: number }
  | { t: 'travel'; days: number }
  | { t: 'use'; pick: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('award' as const),
      lines: fc.array(
        fc.record({
          sku: fc.constantFrom('LATTE' as const, 'MUG' as const),
          quantity: fc.integer({ min: 1, max: 5 }),
          unitPriceMinor: fc.integer({ min: 1, max: 4000 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refundAll' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('refundLine' as const),
      pick: fc.nat(),
      line: fc.integer({ min: 1, max: 3 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('travel' as const), days: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('use' as const), pick: fc.nat() }) },
);

function check(core: TestCore, memberId: string, purchases: { id: string }[]) {
  const rows = core.db
    .prepare(
      'SELECT goal_key, kind, amount, balance_after, ref_id FROM points_goal_ledger WHERE member_id = ? ORDER BY seq',
    )
    .all(memberId) as { goal_key: string; kind: string; amount: number; balance_after: number; ref_id: string }[];
  const running: Record<string, number> = {};
  const progress: Record<string, number> = {};
  const taken: Record<string, number> = {};
  for (const r of rows) {
    running[r.goal_key] = (running[r.goal_key] ?? 0) + r.amount;
    expect(r.balance_after).toBe(running[r.goal_key]);
    expect(r.balance_after).toBeGreaterThanOrEqual(0);
    if (r.kind === 'progress') progress[r.goal_key] = (progress[r.goal_key] ?? 0) + r.amount;
    if (r.kind === 'clawback') taken[r.goal_key] = (taken[r.goal_key] ?? 0) - r.amount;
  }
  for (const key of Object.keys(TARGET)) {
    const cached =
      (
        core.db
          .prepare('SELECT balance FROM points_goal_balances WHERE member_id = ? AND goal_key = ?')
          .get(memberId, key) as { balance: number } | undefined
      )?.balance ?? 0;
    expect(cached).toBe(running[key] ?? 0);
    const live = (
      core.db
        .prepare(
          'SELECT count(*) AS n FROM points_vouchers WHERE member_id = ? AND goal_key = ? AND withdrawn_at IS NULL',
        )
        .get(memberId, key) as { n: number }
    ).n;
    expect(live * TARGET[key]).toBe((progress[key] ?? 0) - (taken[key] ?? 0) - cached);
  }
  for (const p of purchases) {
    const sums = core.db
      .prepare(
        `SELECT goal_key, sum(CASE WHEN kind = 'progress' THEN amount ELSE 0 END) AS added,
           sum(CASE WHEN kind = 'clawback' THEN -amount ELSE 0 END) AS back
         FROM points_goal_ledger WHERE ref_id = ? GROUP BY goal_key`,
      )
      .all(p.id) as { goal_key: string; added: number; back: number }[];
    for (const s of sums) expect(s.back).toBeLessThanOrEqual(s.added);
  }
}

describe('goal ledger properties', () => {
  it(`hold after every step of ${RUNS} random sequences`, { timeout: 300_000 }, async () => {
    const { core, tokens } = await makeStaffedCore();
    core.db.pragma('synchronous = OFF');
    await core.ok('points:saveRules', { rules: RULES }, tokens.manager);
    await core.ok('settings:update', { idleLockMinutes: 240 }, tokens.manager);
    await core.ok(
      'settings:update',
      { approvalAwardOverMinor: 1_000_000_000_00, approvalAwardOverPoints: 1_000_000_000 },
      tokens.manager,
    );
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 14 }), async (cmds) => {
        const m = await core.ok(
          'members:register',
          { name: 'Prop', email: `p${++seq}-${randomUUID()}@example.com` },
          tokens.cashier,
        );
        const purchases: { id: string; receiptNo: string }[] = [];
        let travelled = false;
        for (const c of cmds) {
          if (c.t === 'award') {
            const receiptNo = `G-${seq}-${purchases.length}`;
            const r = await core.ok(
              'points:award',
              {
                opId: randomUUID(),
                memberId: m.id,
                receiptNo,
                lines: c.lines.map((l) => ({ ...l, unitPriceMinor: minor(l.unitPriceMinor) })),
              },
              tokens.cashier,
            );
            purchases.push({ id: r.purchaseId, receiptNo });
          } else if ((c.t === 'refundAll' || c.t === 'refundLine') && purchases.length > 0) {
            const p = purchases[c.pick % purchases.length];
            const r = await core.call(
              'points:refund',
              {
                opId: randomUUID(),
                receiptNo: p.receiptNo,
                ...(c.t === 'refundLine' ? { lines: [{ lineNo: c.line, quantity: c.quantity }] } : {}),
              },
              tokens.manager,
            );
            if (!r.ok) expect(['lineNotFound', 'overReturn', 'alreadyReturned']).toContain(r.error.details?.reason);
          } else if (c.t === 'travel') {
            core.clock.advance(c.days * DAY);
            travelled = true;
            await core.ok('auth:unlock', { password: CASHIER.password }, tokens.cashier);
            await core.ok('auth:unlock', { password: MANAGER.password }, tokens.manager);
          } else if (c.t === 'use') {
            const g = await core.ok('points:memberGoals', { memberId: m.id }, tokens.cashier);
            const usable = g.vouchers.filter((v) => v.status === 'available');
            if (usable.length > 0) {
              await core.ok(
                'points:useVoucher',
                { opId: randomUUID(), memberId: m.id, voucherId: usable[c.pick % usable.length].id },
                tokens.cashier,
              );
            }
          }
          check(core, m.id, purchases);
        }
        if (!travelled) {
          // Everything still pending: refunding every purchase brings every card back to 0.
          for (const p of purchases)
            await core.call('points:refund', { opId: randomUUID(), receiptNo: p.receiptNo }, tokens.manager);
          check(core, m.id, purchases);
          const left = core.db
            .prepare(
              `SELECT (SELECT coalesce(sum(balance), 0) FROM points_goal_balances WHERE member_id = ?) AS balance,
                 (SELECT count(*) FROM points_vouchers WHERE member_id = ? AND withdrawn_at IS NULL AND goal_key <> 'stamps') AS live`,
            )
            .get(m.id, m.id) as { balance: number; live: number };
          expect(left.live).toBe(0);
          // stamp vouchers are usable at once (no pending window): those may leave the card short, never below 0
          const spendAndLattes = core.db
            .prepare(
              "SELECT coalesce(sum(balance), 0) AS b FROM points_goal_balances WHERE member_id = ? AND goal_key <> 'stamps'",
            )
            .get(m.id) as { b: number };
          expect(spendAndLattes.b).toBe(0);
        }
      }),
      { numRuns: RUNS, ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}) },
    );
  });
});

import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';
import { ledgerCommands, type Real } from './ledger-commands';
import type { Model } from './ledger-model';

/**
 * Model-based property tests of the ledger: random sequences of award (with and
 * without paying by points, with and without a percent-off bill reward), redeem, void, refund (whole and per line), expiry, adjust,
 * clear and retries (same id + same payload, same id + different payload), checked
 * after EVERY step against a model (see ledger-commands.ts for the checks).
 *
 * One core per policy, on a real SQLite file in a temp folder; each sequence gets fresh
 * members and rewards so sequences never see each other's balances. synchronous=OFF
 * only here: durability is not what these properties are about, speed to run
 * thousands of sequences is.
 *
 * PROPERTY_RUNS sequences per policy: 100 by default (`npm run test:unit`), 500 in
 * `npm run test:deep` (vitest.deep.config.ts), so 1,000 in all there. A failure prints
 * fast-check's seed: the same PROPERTY_RUNS with PROPERTY_SEED=… generates the same
 * sequences again (and shrinks to the same counterexample).
 */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;

/**
 * Claw-back keeps a rule set as saved before migration 010 (1 month after the moment of
 * earning); cap-at-zero uses a 010 expiry policy (good through the earning day + 20
 * days in the store's zone), so both kinds of lot dates are exercised.
 */
const EXPIRY_DAYS: Record<Model['policy'], number | null> = { clawBackNegative: null, capAtZero: 20 };
function rulesFor(policy: Model['policy']): RuleSet {
  const days = EXPIRY_DAYS[policy];
  return {
    ...DEFAULT_RULES,
    payWithPointsAllowed: true,
    payWithPointsMaxPercent: 50,
    expiryMonths: 1,
    ...(days !== null ? { expiry: { kind: 'days' as const, count: days } } : {}),
    refundPolicy: policy,
  };
}

async function setUp(policy: Model['policy']) {
  const { core, tokens } = await makeStaffedCore();
  core.db.pragma('synchronous = OFF');
  await core.ok('points:saveRules', { rules: rulesFor(policy) }, tokens.manager);
  await core.ok('settings:update', { idleLockMinutes: 240, timeZone: 'Asia/Shanghai' }, tokens.manager);
  // Voids and refunds run as the manager (days apart, a cashier's would need approval:
  // test/security/manager-approval.test.ts); awards stay the cashier's, under the limits.
  await core.ok(
    'settings:update',
    { approvalAwardOverMinor: 1_000_000_000_00, approvalAwardOverPoints: 1_000_000_000 },
    tokens.manager,
  );
  const real: Real = { core, tokens };
  const freshModel = async (): Promise<Model> => {
    const members = [];
    for (let i = 0; i < 2; i++) {
      const m = await core.ok(
        'members:register',
        { name: `Prop ${i}`, email: `${randomUUID()}@example.com` },
        tokens.cashier,
      );
      members.push({ id: m.id, balance: 0, lots: [] });
    }
    const goods = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 30 }, tokens.manager);
    const coupon = await core.ok(
      'rewards:create',
      { name: 'Voucher', kind: 'coupon', costPoints: 80, stock: 1 },
      tokens.manager,
    );
    const billReward = await core.ok(
      'rewards:create',
      { name: '10% off', kind: 'percentOff', costPoints: 10, percentBp: 1_000, maxDiscountMinor: 1_500 },
      tokens.manager,
    );
    return {
      now: core.clock.t,
      billReward: { id: billReward.id, cost: 10 },
      members,
      purchases: [],
      redemptions: [],
      rewards: [
        { id: goods.id, cost: 30, stock: null },
        { id: coupon.id, cost: 80, stock: 1 },
      ],
      ops: [],
      lotSeq: 0,
      expiryMonths: 1,
      expiryDays: EXPIRY_DAYS[policy],
      policy,
    };
  };
  return { real, freshModel };
}

/** Runs RUNS random sequences against one core with the given refund policy. */
export async function runLedgerProperty(policy: Model['policy']) {
  const { real, freshModel } = await setUp(policy);
  await fc.assert(
    fc.asyncProperty(fc.commands(ledgerCommands, { maxCommands: 30, size: 'large' }), async (cmds) => {
      const model = await freshModel();
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // Guard against a vacuous run: the sequences really exercised every kind of entry.
  const kinds = real.core.db.prepare('SELECT kind, count(*) AS n FROM points_ledger GROUP BY kind').all() as {
    kind: string;
    n: number;
  }[];
  if (process.env.PROPERTY_STATS) console.log(policy, kinds, snapshotCounts(real.core));
  // …and spends really met points past their date with no run in between (issue 10 item
  // 11): expire entries written by a spend's own operation, not by the expiry run.
  const atSpend = real.core.db
    .prepare(
      `SELECT count(*) FROM points_ledger e WHERE e.kind = 'expire'
       AND EXISTS (SELECT 1 FROM points_ledger x WHERE x.op_id = e.op_id AND x.kind <> 'expire')`,
    )
    .pluck()
    .get() as number;
  if (process.env.PROPERTY_STATS) console.log(policy, { expiredAtSpend: atSpend });
  expect(atSpend).toBeGreaterThan(0);
  // Bill rewards were redeemed on purchases and some of their points came back with refunds.
  const billStats = real.core.db
    .prepare(
      `SELECT count(*) AS redeemed, coalesce(sum(points_returned > 0), 0) AS givenBack
       FROM reward_redemptions WHERE purchase_id IS NOT NULL`,
    )
    .get() as { redeemed: number; givenBack: number };
  if (process.env.PROPERTY_STATS) console.log(policy, billStats);
  expect(billStats.redeemed).toBeGreaterThan(0);
  expect(billStats.givenBack).toBeGreaterThan(0);
  expect(kinds.map((k) => k.kind).sort()).toEqual(
    ['adjust', 'clear', 'earn', 'expire', 'pay', 'redeem', 'redeem_void', 'refund_clawback', 'refund_return'].sort(),
  );
}

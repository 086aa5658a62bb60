import { describe, expect, it } from 'vitest';
import { snapshotCounts } from '../../helpers/core';
import type { ChannelName } from '../../../src/shared/contract';
import { BULK_CLEAR_CONFIRMATION } from '../../../src/shared/contract/points';
import { SCENARIO_RULES, makePointsCore, op } from './points-helpers';

/**
 * Hostile input for every points and rewards channel: wrong types, missing and unknown
 * fields, negative / zero / fractional / NaN / Infinity / beyond-2^53 numbers, strings
 * for numbers, 100k-char, control-character and SQL-looking strings, unknown members,
 * receipts, rewards and redemptions. Each must be a typed error and leave every table
 * unchanged (the audit log may gain the dispatcher's FORBIDDEN records only).
 */
const HUGE = 'x'.repeat(100_000);
const SQL = "R1'); DROP TABLE points_ledger;--";
const MISSING = '01900000-0000-7000-8000-000000000000';
const BAD_NUMBERS = [
  -1,
  0.5,
  10.01,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53 + 2,
  '100',
  null,
  true,
];

type Case = [ChannelName, unknown, string];

async function setUp() {
  const ctx = await makePointsCore({ rules: SCENARIO_RULES });
  const { core, tokens, member } = ctx;
  await core.ok('points:award', { opId: op(), memberId: member, receiptNo: 'OK-1', totalMinor: 10000 }, tokens.cashier);
  const reward = await core.ok(
    'rewards:create',
    { name: 'Mug', kind: 'goods', costPoints: 10, stock: 1 },
    tokens.manager,
  );
  const red = await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id }, tokens.cashier);
  return { ...ctx, reward, red };
}

async function expectAll(core: Awaited<ReturnType<typeof setUp>>['core'], token: string, cases: Case[]) {
  const before = snapshotCounts(core);
  for (const [channel, input, code] of cases) {
    const r = await core.call(channel, input as never, token);
    expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(input)?.slice(0, 160)}`).toBe(code);
  }
  expect(snapshotCounts(core)).toEqual(before);
}

describe('points and rewards channels: bad input', () => {
  it('points:award — amounts, lines, ids, receipts, pay-with-points', async () => {
    const { core, tokens, member } = await setUp();
    const base = { opId: op(), memberId: member, receiptNo: 'NEW-1', totalMinor: 1000 };
    const cases: Case[] = [
      ...BAD_NUMBERS.map((n): Case => ['points:award', { ...base, totalMinor: n }, 'VALIDATION']),
      ['points:award', { ...base, totalMinor: 0 }, 'VALIDATION'],
      ['points:award', { ...base, totalMinor: 100_000_000_01 }, 'VALIDATION'],
      ...BAD_NUMBERS.map((n): Case => ['points:award', { ...base, pointsToUse: n }, 'VALIDATION']),
      ...BAD_NUMBERS.map((n): Case => [
        'points:award',
        { ...base, totalMinor: undefined, lines: [{ quantity: 1, unitPriceMinor: n }] },
        'VALIDATION',
      ]),
      ['points:award', { ...base, totalMinor: undefined, lines: [{ quantity: 0, unitPriceMinor: 100 }] }, 'VALIDATION'],
      [
        'points:award',
        { ...base, totalMinor: undefined, lines: [{ quantity: 1.5, unitPriceMinor: 100 }] },
        'VALIDATION',
      ],
      ['points:award', { ...base, totalMinor: undefined, lines: [{ quantity: 1, unitPriceMinor: 0 }] }, 'VALIDATION'],
      ['points:award', { ...base, totalMinor: undefined, lines: [] }, 'VALIDATION'],
      [
        'points:award',
        { ...base, totalMinor: undefined, lines: Array(201).fill({ quantity: 1, unitPriceMinor: 1 }) },
        'VALIDATION',
      ],
      // 10,000 × ¥1,000,000,000: each field is in range, the product is not.
      [
        'points:award',
        { ...base, totalMinor: undefined, lines: [{ quantity: 10_000, unitPriceMinor: 100_000_000_00 }] },
        'VALIDATION',
      ],
      [
        'points:award',
        { ...base, totalMinor: undefined, lines: [{ quantity: 1, unitPriceMinor: 1, colour: 'red' }] },
        'VALIDATION',
      ],
      [
        'points:award',
        { ...base, totalMinor: undefined, lines: [{ quantity: 1, unitPriceMinor: 1, sku: HUGE }] },
        'VALIDATION',
      ],
      ['points:award', { ...base, lines: [{ quantity: 1, unitPriceMinor: 100 }] }, 'VALIDATION'], // both
      ['points:award', { ...base, totalMinor: undefined }, 'VALIDATION'], // neither
      ['points:award', { ...base, receiptNo: '' }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: HUGE }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: 'R\u0000' }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: 'R\n2' }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: 42 }, 'VALIDATION'],
      ['points:award', { ...base, opId: 'not-a-uuid' }, 'VALIDATION'],
      ['points:award', { ...base, opId: undefined }, 'VALIDATION'],
      ['points:award', { ...base, memberId: SQL }, 'VALIDATION'],
      ['points:award', { ...base, memberId: MISSING }, 'NOT_FOUND'],
      ['points:award', { ...base, points: 5000 }, 'VALIDATION'],
      ['points:award', { ...base, pin: '12ab' }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: 'OK-1' }, 'CONFLICT'],
      ['points:award', { ...base, pointsToUse: 101 }, 'CONFLICT'], // balance is 100 - 10
      ['points:award', { ...base, pointsToUse: 90, totalMinor: 100 }, 'VALIDATION'], // over the 50% cap
      // Quotes, spaces and ';' are outside the receipt character set (shared/receipt-no.ts).
      ['points:award', { ...base, receiptNo: SQL }, 'VALIDATION'],
      ['points:award', { ...base, receiptNo: 'R\n2' }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.cashier, cases);
    expect(core.db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBeGreaterThan(0);
    for (const input of [null, undefined, 'x', 42, [], { __proto__: { totalMinor: 1 } }]) {
      const bad = await core.call('points:award', input as never, tokens.cashier);
      expect(bad.ok || bad.error.code).toBe('VALIDATION');
    }
  });

  it('points write channels — refund, adjust, clear, bulk clear, rules', async () => {
    const { core, tokens, member } = await setUp();
    const manager: Case[] = [
      ...BAD_NUMBERS.map((n): Case => [
        'points:adjust',
        { opId: op(), memberId: member, points: n, reason: 'fix it' },
        'VALIDATION',
      ]).filter((c) => (c[1] as { points: unknown }).points !== -1),
      ['points:adjust', { opId: op(), memberId: member, points: 0, reason: 'fix it' }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: member, points: 1_000_000_001, reason: 'fix it' }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: member, points: 5, reason: HUGE }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: member, points: 5, reason: 'a\u0007b c' }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: member, points: 5 }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: MISSING, points: 5, reason: 'fix it' }, 'NOT_FOUND'],
      ['points:adjust', { opId: op(), memberId: member, points: -91, reason: 'fix it' }, 'CONFLICT'],
      ['points:clearMember', { opId: op(), memberId: MISSING, reason: 'violation' }, 'NOT_FOUND'],
      ['points:clearMember', { opId: op(), memberId: member, reason: '' }, 'VALIDATION'],
      ['points:clearMember', { opId: op(), memberId: member, reason: 'violation', extra: 1 }, 'VALIDATION'],
      ['points:bulkClear', { opId: op(), reason: 'relaunch', confirmation: 'yes' }, 'VALIDATION'],
      ['points:bulkClear', { opId: op(), reason: 'relaunch' }, 'VALIDATION'],
      ['points:bulkClear', { opId: op(), confirmation: BULK_CLEAR_CONFIRMATION }, 'VALIDATION'],
      [
        'points:bulkClear',
        { opId: op(), reason: 'relaunch', confirmation: BULK_CLEAR_CONFIRMATION, inactiveSince: -5 },
        'VALIDATION',
      ],
      ['points:saveRules', { rules: { ...SCENARIO_RULES, minSpendMinor: -1 } }, 'VALIDATION'],
      ['points:saveRules', { rules: { ...SCENARIO_RULES, minSpendMinor: 0.5 } }, 'VALIDATION'],
      ['points:saveRules', { rules: { ...SCENARIO_RULES, expiryMonths: Number.NaN } }, 'VALIDATION'],
      [
        'points:saveRules',
        { rules: { ...SCENARIO_RULES, redeemValue: { minor: Infinity, perPoints: 1 } } },
        'VALIDATION',
      ],
      [
        'points:saveRules',
        { rules: { ...SCENARIO_RULES, tiers: [{ name: SQL + HUGE, thresholdMinor: 0, multiplierPercent: 100 }] } },
        'VALIDATION',
      ],
      ['points:saveRules', {}, 'VALIDATION'],
      ['points:previewRules', { rules: SCENARIO_RULES, lastN: 0 }, 'VALIDATION'],
      ['points:previewRules', { rules: SCENARIO_RULES, lastN: 1001 }, 'VALIDATION'],
      ['points:runExpiry', { now: 1 }, 'VALIDATION'],
      ['points:checkLedger', { fix: true }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.manager, manager);
    const cashier: Case[] = [
      ['points:refund', { opId: op(), receiptNo: 'NOPE' }, 'NOT_FOUND'],
      ['points:refund', { opId: op(), receiptNo: SQL }, 'VALIDATION'],
      ['points:refund', { opId: op(), receiptNo: HUGE }, 'VALIDATION'],
      ['points:refund', { opId: op(), receiptNo: 'OK-1', lines: [{ lineNo: 1, quantity: 2 }] }, 'CONFLICT'],
      ['points:refund', { opId: op(), receiptNo: 'OK-1', lines: [{ lineNo: 0, quantity: 1 }] }, 'VALIDATION'],
      ['points:refund', { opId: op(), receiptNo: 'OK-1', lines: [{ lineNo: 1, quantity: -1 }] }, 'VALIDATION'],
      ['points:refund', { opId: op(), receiptNo: 'OK-1', lines: [{ lineNo: 1, quantity: Number.NaN }] }, 'VALIDATION'],
      ['points:refund', { opId: op(), receiptNo: 'OK-1', lines: [{ lineNo: '1', quantity: 1 }] }, 'VALIDATION'],
      ['points:refund', { receiptNo: 'OK-1' }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.cashier, cashier);
  });

  it('rewards channels', async () => {
    const { core, tokens, member, reward, red } = await setUp();
    const manager: Case[] = [
      ...BAD_NUMBERS.map((n): Case => ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: n }, 'VALIDATION']),
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 0 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 5, stock: -1 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 5, stock: 1.5 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'discount', costPoints: 5, discountMinor: 0.5 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 5, activeFrom: 10, activeUntil: 5 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'voucher', costPoints: 5 }, 'VALIDATION'],
      ['rewards:create', { name: HUGE, kind: 'goods', costPoints: 5 }, 'VALIDATION'],
      ['rewards:create', { name: 'C\u0000up', kind: 'goods', costPoints: 5 }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 5, id: MISSING }, 'VALIDATION'],
      ['rewards:update', { rewardId: MISSING, name: 'Cup', kind: 'goods', costPoints: 5 }, 'NOT_FOUND'],
      ['rewards:update', { rewardId: SQL, name: 'Cup', kind: 'goods', costPoints: 5 }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.manager, manager);
    const cashier: Case[] = [
      ['rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id }, 'CONFLICT'], // stock 0 now
      ['rewards:redeem', { opId: op(), memberId: member, rewardId: MISSING }, 'NOT_FOUND'],
      ['rewards:redeem', { opId: op(), memberId: MISSING, rewardId: reward.id }, 'NOT_FOUND'],
      ['rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id, quantity: 2 }, 'VALIDATION'],
      ['rewards:redeem', { opId: op(), memberId: member, rewardId: reward.id, pin: 1234 }, 'VALIDATION'],
      ['rewards:void', { opId: op(), redemptionId: MISSING, reason: 'mistake' }, 'NOT_FOUND'],
      ['rewards:void', { opId: op(), redemptionId: red.id }, 'VALIDATION'],
      ['rewards:void', { opId: op(), redemptionId: red.id, reason: HUGE }, 'VALIDATION'],
      ['rewards:create', { name: 'Cup', kind: 'goods', costPoints: 5 }, 'FORBIDDEN'],
    ];
    const before = snapshotCounts(core);
    for (const [channel, input, code] of cashier) {
      const r = await core.call(channel, input as never, tokens.cashier);
      expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(input)?.slice(0, 120)}`).toBe(code);
    }
    expect({ ...snapshotCounts(core), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('read channels: unknown members and receipts, bad paging', async () => {
    const { core, tokens, member } = await setUp();
    const cases: Case[] = [
      ['points:memberSummary', { memberId: MISSING }, 'NOT_FOUND'],
      ['points:history', { memberId: MISSING }, 'NOT_FOUND'],
      ['points:history', { memberId: member, limit: 0 }, 'VALIDATION'],
      ['points:history', { memberId: member, limit: 501 }, 'VALIDATION'],
      ['points:history', { memberId: member, beforeId: 'x' }, 'VALIDATION'],
      ['points:expiring', { memberId: member, withinDays: 0 }, 'VALIDATION'],
      ['points:expiring', { memberId: MISSING }, 'NOT_FOUND'],
      ['points:getPurchase', { receiptNo: 'NOPE' }, 'NOT_FOUND'],
      ['points:listPurchases', { memberId: MISSING }, 'NOT_FOUND'],
      ['points:payQuote', { memberId: member, totalMinor: 0 }, 'VALIDATION'],
      ['points:payQuote', { memberId: member, totalMinor: 1.5 }, 'VALIDATION'],
      ['points:payQuote', { memberId: MISSING, totalMinor: 100 }, 'NOT_FOUND'],
      ['rewards:affordable', { memberId: MISSING }, 'NOT_FOUND'],
      ['rewards:listRedemptions', { memberId: MISSING }, 'NOT_FOUND'],
      ['rewards:list', { includeInactive: 'yes' }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.cashier, cases);
  });
});

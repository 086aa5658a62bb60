import { describe, expect, it } from 'vitest';
import { snapshotCounts } from '../../helpers/core';
import type { ChannelName } from '../../../src/shared/contract';
import { SCENARIO_RULES, makePointsCore, op } from '../points/points-helpers';

/**
 * Hostile input for the fields bill rewards added (issue 11 items 2 and 8): reward
 * terms (percentBp, maxDiscountMinor, productSku, productUnits), points:award's
 * rewardId, the rules' rewardRefundPolicy and the adjustBelowZeroAllowed setting.
 * Each is a typed error and leaves every table unchanged.
 */
const HUGE = 'x'.repeat(100_000);
const SQL = "R1'); DROP TABLE points_ledger;--";
const MISSING = '01900000-0000-7000-8000-000000000000';
const BAD_NUMBERS = [-1, 0.5, 10.01, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 2, '100', null, true];

const NOT_NULL = BAD_NUMBERS.filter((n) => n !== null);

type Case = [ChannelName, unknown, string];

async function expectAll(core: Awaited<ReturnType<typeof makePointsCore>>['core'], token: string, cases: Case[]) {
  const before = snapshotCounts(core);
  for (const [channel, input, code] of cases) {
    const r = await core.call(channel, input as never, token);
    expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(input)?.slice(0, 160)}`).toBe(code);
  }
  expect({ ...snapshotCounts(core), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
}

describe('bill rewards: bad input', () => {
  it('rewards:create / update — the terms of each kind', async () => {
    const { core, tokens } = await makePointsCore({ rules: SCENARIO_RULES });
    const pct = { name: '10%', kind: 'percentOff', costPoints: 5, percentBp: 1_000 };
    const free = { name: 'Latte', kind: 'freeProduct' as const, costPoints: 5, productSku: 'LATTE' };
    const cases: Case[] = [
      ...BAD_NUMBERS.map((n): Case => ['rewards:create', { ...pct, percentBp: n }, 'VALIDATION']),
      ['rewards:create', { ...pct, percentBp: 0 }, 'VALIDATION'],
      ['rewards:create', { ...pct, percentBp: 10_001 }, 'VALIDATION'],
      ['rewards:create', { ...pct, percentBp: 12.5 }, 'VALIDATION'], // basis points are whole
      ['rewards:create', { ...pct, percentBp: undefined }, 'VALIDATION'],
      // null is "no maximum" (nullable), so not among the bad values here.
      ...NOT_NULL.map((n): Case => ['rewards:create', { ...pct, maxDiscountMinor: n }, 'VALIDATION']),
      ['rewards:create', { ...pct, maxDiscountMinor: 0 }, 'VALIDATION'],
      ['rewards:create', { ...pct, discountMinor: 500 }, 'VALIDATION'], // not a percent's term
      ['rewards:create', { ...pct, productSku: 'LATTE' }, 'VALIDATION'],
      ['rewards:create', { ...pct, percent: 10 }, 'VALIDATION'], // unknown field
      ['rewards:create', { name: 'Mug', kind: 'goods', costPoints: 5, percentBp: 1_000 }, 'VALIDATION'],
      ['rewards:create', { name: 'Mug', kind: 'goods', costPoints: 5, maxDiscountMinor: 100 }, 'VALIDATION'],
      [
        'rewards:create',
        { name: 'Off', kind: 'discount', costPoints: 5, discountMinor: 100, productUnits: 2 },
        'VALIDATION',
      ],
      ['rewards:create', { ...free, productSku: undefined }, 'VALIDATION'],
      ['rewards:create', { ...free, productSku: '' }, 'VALIDATION'],
      ['rewards:create', { ...free, productSku: HUGE }, 'VALIDATION'],
      ['rewards:create', { ...free, productSku: 'LAT\u0000TE' }, 'VALIDATION'],
      ['rewards:create', { ...free, productSku: 12 }, 'VALIDATION'],
      ...NOT_NULL.map((n): Case => ['rewards:create', { ...free, productUnits: n }, 'VALIDATION']),
      ['rewards:create', { ...free, productUnits: 0 }, 'VALIDATION'],
      ['rewards:create', { ...free, productUnits: 101 }, 'VALIDATION'],
      ['rewards:create', { ...free, percentBp: 1_000 }, 'VALIDATION'],
      ['rewards:update', { rewardId: MISSING, ...pct }, 'NOT_FOUND'],
      ['rewards:update', { rewardId: MISSING, ...pct, percentBp: -5 }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.manager, cases);
    // A SQL-looking SKU is just text: stored verbatim, nothing else happens.
    const odd = await core.ok('rewards:create', { ...free, productSku: SQL.slice(0, 40) }, tokens.manager);
    expect(odd.productSku).toBe(SQL.slice(0, 40));
    expect(core.db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(0); // the table is still there
  });

  it('points:award rewardId, rules rewardRefundPolicy, setting adjustBelowZeroAllowed', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    await core.ok('points:adjust', { opId: op(), memberId: member, points: 100, reason: 'opening' }, tokens.manager);
    const mug = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 5 }, tokens.manager);
    const base = { opId: op(), memberId: member, receiptNo: 'NEW-1', totalMinor: 1_000 };
    const cashier: Case[] = [
      ['points:award', { ...base, rewardId: 'x' }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: SQL }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: HUGE }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: 123 }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: null }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: [MISSING] }, 'VALIDATION'],
      ['points:award', { ...base, rewardIds: [MISSING] }, 'VALIDATION'],
      ['points:award', { ...base, rewardId: MISSING }, 'NOT_FOUND'],
      ['points:award', { ...base, rewardId: mug.id }, 'CONFLICT'],
      ['points:award', { ...base, rewardId: mug.id, totalMinor: 0.5 }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.cashier, cashier);
    const manager: Case[] = [
      ['points:saveRules', { rules: { ...SCENARIO_RULES, rewardRefundPolicy: 'some' } }, 'VALIDATION'],
      ['points:saveRules', { rules: { ...SCENARIO_RULES, rewardRefundPolicy: 1 } }, 'VALIDATION'],
      ['points:saveRules', { rules: { ...SCENARIO_RULES, rewardRefundPolicy: null } }, 'VALIDATION'],
      ['settings:update', { adjustBelowZeroAllowed: 'yes' }, 'VALIDATION'],
      ['settings:update', { adjustBelowZeroAllowed: 1 }, 'VALIDATION'],
      ['points:adjust', { opId: op(), memberId: member, points: -101, reason: 'too much' }, 'CONFLICT'],
      ['points:adjust', { opId: op(), memberId: member, points: -0.5, reason: 'fraction' }, 'VALIDATION'],
    ];
    await expectAll(core, tokens.manager, manager);
  });
});

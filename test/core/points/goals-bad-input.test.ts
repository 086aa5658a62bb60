import { describe, expect, it } from 'vitest';
import { snapshotCounts } from '../../helpers/core';
import type { ChannelName } from '../../../src/shared/contract';
import type { RuleSet } from '../../../src/shared/contract/points';
import { DEFAULT_RULES, makePointsCore, op } from './points-helpers';

/**
 * Hostile input for the goal, voucher and promo code channels (and the award's promoCode
 * and the rules' goals): wrong types, missing and unknown fields, negative / fractional /
 * NaN / huge numbers, 100k-char, control-character and SQL-looking strings, unknown ids.
 * Each is a typed error and leaves every table unchanged.
 */
const HUGE = 'x'.repeat(100_000);
const SQL = "A'); DROP TABLE points_promo_codes;--";
const MISSING = '01900000-0000-7000-8000-000000000000';
const BAD_NUMBERS = [-1, 0, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 2, '10', null, true];
const GOAL = {
  key: 'coffee',
  name: 'Coffee card',
  measure: 'visits',
  target: 10,
  reward: { name: 'Free coffee', kind: 'freeItem' },
};
const RULES: RuleSet = {
  ...DEFAULT_RULES,
  goals: [GOAL as NonNullable<RuleSet['goals']>[number]],
  promotions: [{ name: 'Code', startsAt: 0, endsAt: 9e12, kind: 'bonus', bonusPoints: 5, promoProgramme: 'SPRING' }],
};

type Case = [ChannelName, unknown, string];

describe('goals and promo codes: bad input', () => {
  it('is refused with a typed error and writes nothing', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: RULES });
    const award = { opId: op(), memberId: member, receiptNo: 'B-1', totalMinor: 1000 };
    const create = { opId: op(), promoProgramme: 'SPRING', count: 2 };
    const use = { opId: op(), memberId: member, voucherId: MISSING };
    const rules = (g: unknown): Case => ['points:saveRules', { rules: { ...RULES, goals: [g] } }, 'VALIDATION'];
    const cases: Case[] = [
      // award's promo code
      ['points:award', { ...award, promoCode: '' }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: 'AB' }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: HUGE }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: 'ABC\u0000D' }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: SQL }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: 12345 }, 'VALIDATION'],
      ['points:award', { ...award, promoCode: 'NOSUCH' }, 'NOT_FOUND'],
      // creating codes
      ...BAD_NUMBERS.map((n): Case => ['points:createPromoCodes', { ...create, count: n }, 'VALIDATION']),
      ['points:createPromoCodes', { ...create, count: 5001 }, 'VALIDATION'],
      ['points:createPromoCodes', { ...create, maxUses: 0.5 }, 'VALIDATION'],
      ['points:createPromoCodes', { ...create, code: 'SUMMER' }, 'VALIDATION'], // both count and code
      ['points:createPromoCodes', { opId: op(), promoProgramme: 'SPRING' }, 'VALIDATION'], // neither
      ['points:createPromoCodes', { ...create, promoProgramme: 'spring' }, 'VALIDATION'],
      ['points:createPromoCodes', { ...create, promoProgramme: SQL }, 'VALIDATION'],
      ['points:createPromoCodes', { ...create, promoProgramme: HUGE }, 'VALIDATION'],
      ['points:createPromoCodes', { ...create, extra: 1 }, 'VALIDATION'],
      ['points:createPromoCodes', { opId: op(), promoProgramme: 'SPRING', code: 'A\nB C' }, 'VALIDATION'],
      // using a voucher
      ['points:useVoucher', use, 'NOT_FOUND'],
      ['points:useVoucher', { ...use, voucherId: 'not-an-id' }, 'VALIDATION'],
      ['points:useVoucher', { ...use, voucherId: SQL }, 'VALIDATION'],
      ['points:useVoucher', { ...use, receiptNo: HUGE }, 'VALIDATION'],
      ['points:useVoucher', { ...use, unknown: true }, 'VALIDATION'],
      ['points:memberGoals', { memberId: MISSING }, 'NOT_FOUND'],
      ['points:memberGoals', { memberId: 42 }, 'VALIDATION'],
      ['points:exportPromoBatch', { batchId: MISSING }, 'NOT_FOUND'],
      ['points:exportPromoBatch', { batchId: SQL }, 'VALIDATION'],
      ['points:listPromoBatches', { limit: 0 }, 'VALIDATION'],
      ['points:listPromoBatches', { limit: 1.5 }, 'VALIDATION'],
      // goals in the rules
      ...BAD_NUMBERS.map((n) => rules({ ...GOAL, target: n })),
      rules({ ...GOAL, target: 1_000_000_001 }),
      rules({ ...GOAL, key: 'Coffee Card' }),
      rules({ ...GOAL, key: SQL }),
      rules({ ...GOAL, name: HUGE }),
      rules({ ...GOAL, name: 'a\u0007b' }),
      rules({ ...GOAL, measure: 'points' }),
      rules({ ...GOAL, measure: 'spend', target: 99 }),
      rules({ ...GOAL, pendingDays: -1 }),
      rules({ ...GOAL, pendingDays: 1.5 }),
      rules({ ...GOAL, validDays: 0 }),
      rules({ ...GOAL, reward: { name: '¥5 off', kind: 'amountOff' } }), // no value
      rules({ ...GOAL, reward: { ...GOAL.reward, valueMinor: 10.5 } }),
      rules({ ...GOAL, extra: 1 }),
      ['points:saveRules', { rules: { ...RULES, goals: [GOAL, GOAL] } }, 'VALIDATION'], // key twice
      [
        'points:saveRules',
        {
          rules: {
            ...RULES,
            goals: Array(11)
              .fill(GOAL)
              .map((g, i) => ({ ...g, key: `g${i}` })),
          },
        },
        'VALIDATION',
      ],
      [
        'points:saveRules',
        { rules: { ...RULES, promotions: [{ ...RULES.promotions[0], promoProgramme: 'lower' }] } },
        'VALIDATION',
      ],
    ];
    const before = snapshotCounts(core);
    for (const [channel, input, code] of cases) {
      const token =
        channel === 'points:award' || channel === 'points:useVoucher' || channel === 'points:memberGoals'
          ? tokens.cashier
          : tokens.manager;
      const r = await core.call(channel, input as never, token);
      expect(r.ok ? 'ok' : r.error.code, `${channel} ${JSON.stringify(input)?.slice(0, 160)}`).toBe(code);
    }
    // nothing written but the audit log's records of refusals, if any
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { minor, points, type Minor, type Points } from '../../../src/shared/units';
import type { AwardResultDto } from '../../../src/shared/contract/points';
import { discountFor, payLimits } from '../../../src/main/core/points/award';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import { DEFAULT_RULES } from '../../../src/main/core/points/default-rules';
import type { NewEntry } from '../../../src/main/core/points/ledger';
import { liabilityOf } from '../../../src/main/core/reports/liability';

/** The goal of the unit types: the core's money/points signatures refuse the other unit. */
describe('the core signatures take units, not numbers', () => {
  it('refuses money for points and points for money (checked by tsc)', () => {
    const rules = DEFAULT_RULES;
    const bill = minor(10_500);
    const balance = points(300);
    // @ts-expect-error payLimits(rules, totalMinor, balance): arguments swapped
    payLimits(rules, balance, bill);
    // @ts-expect-error discountFor takes points
    discountFor(rules, bill);
    // @ts-expect-error liability is of points
    liabilityOf(bill, rules.redeemValue);
    // @ts-expect-error an earn line's amount is money
    computeEarn(rules, null, 0, [{ sku: null, category: null, amountMinor: balance }]);
    const limits = payLimits(rules, bill, balance);
    expectTypeOf(limits.maxPoints).toEqualTypeOf<Points>();
    expectTypeOf(discountFor(rules, limits.maxPoints)).toEqualTypeOf<Minor>();
    expectTypeOf(computeEarn(rules, null, 0, []).total).toEqualTypeOf<Points>();
    expectTypeOf<NewEntry['points']>().toEqualTypeOf<Points>();
    expectTypeOf<AwardResultDto['balance']>().toEqualTypeOf<Points>();
    expectTypeOf<AwardResultDto['paidMinor']>().toEqualTypeOf<Minor>();
    expect(discountFor(rules, limits.maxPoints)).toBeGreaterThanOrEqual(0);
  });
});

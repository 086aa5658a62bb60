import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  add,
  max,
  min,
  minor,
  neg,
  points,
  sub,
  sum,
  sumBy,
  ZERO_MINOR,
  ZERO_POINTS,
  type Minor,
  type Points,
} from '../../src/shared/units';
import { money } from '../../src/shared/contract/common';
import type { awardInput } from '../../src/shared/contract/points';
import type { z } from 'zod';

describe('unit constructors', () => {
  it('accept safe integers and return them unchanged', () => {
    for (const n of [0, 1, -1, 10_500, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(minor(n)).toBe(n);
      expect(points(n)).toBe(n);
    }
  });

  it.each([0.5, -1.25, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 60])('refuse %d', (n) => {
    expect(() => minor(n)).toThrow(RangeError);
    expect(() => points(n)).toThrow(RangeError);
  });
});

describe('unit arithmetic', () => {
  it('adds, subtracts, negates, sums and compares like plain numbers', () => {
    expect(add(minor(100), minor(5))).toBe(105);
    expect(sub(points(3), points(10))).toBe(-7);
    expect(neg(points(4))).toBe(-4);
    expect(sum([minor(1), minor(2), minor(3)])).toBe(6);
    expect(sum([] as Points[])).toBe(0);
    expect(sumBy([{ p: points(2) }, { p: points(5) }], (x) => x.p)).toBe(7);
    expect(min(points(2), points(9))).toBe(2);
    expect(max(minor(2), minor(9))).toBe(9);
    expect(ZERO_MINOR + ZERO_POINTS).toBe(0);
  });

  it('keeps the unit in the result type', () => {
    expectTypeOf(add(minor(1), minor(2))).toEqualTypeOf<Minor>();
    expectTypeOf(add(points(1), points(2))).toEqualTypeOf<Points>();
    expectTypeOf(sum([points(1)])).toEqualTypeOf<Points>();
    expectTypeOf(sumBy([minor(1)], (m) => m)).toEqualTypeOf<Minor>();
    expectTypeOf(neg(minor(1))).toEqualTypeOf<Minor>();
    // A branded value is still a number wherever a plain number is read (display, SQL).
    expectTypeOf<Minor>().toExtend<number>();
    expectTypeOf<Points>().toExtend<number>();
  });

  it('does not let money and points mix (checked by tsc: each line below must fail)', () => {
    const m = minor(100);
    const p = points(100);
    const takesPoints = (x: Points) => x;
    const takesMinor = (x: Minor) => x;
    // @ts-expect-error money where points are expected
    takesPoints(m);
    // @ts-expect-error points where money is expected
    takesMinor(p);
    // @ts-expect-error a plain number is not points until checked
    takesPoints(100);
    // @ts-expect-error mixed units in add
    add(m, p);
    // @ts-expect-error mixed units in sub
    sub(p, m);
    // @ts-expect-error mixed units in sum
    sum([m, p]);
    // @ts-expect-error mixed units in min
    min(m, p);
    expectTypeOf<Minor>().not.toExtend<Points>();
    expectTypeOf<Points>().not.toExtend<Minor>();
    expect(takesPoints(p) + takesMinor(m)).toBe(200);
  });
});

describe('contract schemas hand handlers branded values', () => {
  it('parses to Minor and Points, accepts plain numbers as input', () => {
    expectTypeOf<z.output<typeof money>>().toEqualTypeOf<Minor>();
    expectTypeOf<z.input<typeof money>>().toEqualTypeOf<number>();
    type Award = z.output<typeof awardInput>;
    expectTypeOf<Award['totalMinor']>().toEqualTypeOf<Minor | undefined>();
    expectTypeOf<Award['pointsToUse']>().toEqualTypeOf<Points | undefined>();
    // What the renderer sends stays a plain number.
    expectTypeOf<z.input<typeof awardInput>['pointsToUse']>().toEqualTypeOf<number | undefined>();
    expect(money.parse(10_500)).toBe(10_500);
    expect(money.safeParse(1.5).success).toBe(false);
    expect(money.min(1).safeParse(0).success).toBe(false);
  });
});

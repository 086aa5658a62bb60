import type { $brand } from 'zod';

/**
 * Money and points as distinct number types, so that passing an amount of money where
 * points are expected (or the reverse) fails `tsc` instead of awarding 10 500 points for
 * a 105.00 bill. At run time both are plain integers: the brand costs nothing.
 *
 * - `Minor`: money in integer minor units of the store currency (10500 = 105.00).
 * - `Points`: an integer number of points (a debit is negative).
 *
 * The brand is zod's own (`.brand<'Minor'>()`, see contract/common.ts), so a channel's
 * parsed input already carries `Minor` / `Points` and handlers need no conversion. Values
 * read from SQLite are typed by their row interfaces; anything else enters through the
 * checked constructors below. Arithmetic goes through the helpers so that the unit is
 * kept (and cannot be mixed) without `as` casts in the code that uses them.
 */
export type Minor = number & $brand<'Minor'>;
export type Points = number & $brand<'Points'>;

function safeInteger(n: number, unit: string): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${unit} must be a safe integer, got ${n}`);
  return n;
}

/** Money in minor units; throws RangeError unless `n` is a safe integer. */
export function minor(n: number): Minor {
  return safeInteger(n, 'Minor') as Minor;
}

/** A number of points; throws RangeError unless `n` is a safe integer. */
export function points(n: number): Points {
  return safeInteger(n, 'Points') as Points;
}

/**
 * The brand without the check, for results of exact conversion arithmetic (money × rate
 * → points, points × value → money) that the caller range-checks itself right after, as
 * before the brands: an award above MAX_AWARD_POINTS is a typed refusal, not a crash.
 */
export const unchecked = {
  minor: (n: number): Minor => n as Minor,
  points: (n: number): Points => n as Points,
};

export const ZERO_MINOR = 0 as Minor;
export const ZERO_POINTS = 0 as Points;

// Overloads, not a generic `<U extends Minor | Points>`: a generic would infer the union
// for add(minor, points) and accept it. These helpers do not range-check (callers that
// can overflow check the result, as before the brands); they only keep the unit.

export function add(a: Minor, b: Minor): Minor;
export function add(a: Points, b: Points): Points;
export function add(a: number, b: number): number {
  return a + b;
}

export function sub(a: Minor, b: Minor): Minor;
export function sub(a: Points, b: Points): Points;
export function sub(a: number, b: number): number {
  return a - b;
}

export function neg(a: Minor): Minor;
export function neg(a: Points): Points;
export function neg(a: number): number {
  return -a;
}

export function sum(values: readonly Minor[]): Minor;
export function sum(values: readonly Points[]): Points;
export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Σ pick(item) over `items`, in the unit `pick` returns. */
export function sumBy<T>(items: readonly T[], pick: (item: T) => Minor): Minor;
export function sumBy<T>(items: readonly T[], pick: (item: T) => Points): Points;
export function sumBy<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((a, item) => a + pick(item), 0);
}

export function min(a: Minor, b: Minor): Minor;
export function min(a: Points, b: Points): Points;
export function min(a: number, b: number): number {
  return Math.min(a, b);
}

export function max(a: Minor, b: Minor): Minor;
export function max(a: Points, b: Points): Points;
export function max(a: number, b: number): number {
  return Math.max(a, b);
}

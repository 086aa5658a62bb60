import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEarn } from '../../src/main/core/points/earn-calc';
import { minor } from '../../src/shared/units';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet, Tier } from '../../src/shared/contract/points';
import { facts, type EarnFacts } from '../../src/shared/explain/facts';
import { formatExplanation } from '../../src/shared/explain/format-explanation';
import { pointsOf } from '../../src/shared/explain/earn-steps';

/**
 * Issue 9 item 9: the explanation's arithmetic must add up on screen. For random rules
 * and purchases, the English line the counter shows is parsed back and every printed
 * step is checked: the parts times the rate give the first figure, each multiplier
 * takes one figure to the next, the rounding step rounds the last figure by the rule's
 * mode, the bonuses add up to the printed total — and that total is what the engine
 * awarded. "≈" figures are truncations: within their last digit, and rounding them
 * gives the same result as rounding the exact value.
 */
type R = { n: bigint; d: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = (n: bigint, d: bigint): R => {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const mul = (a: R, b: R) => norm(a.n * b.n, a.d * b.d);
const add = (a: R, b: R) => norm(a.n * b.d + b.n * a.d, a.d * b.d);
const eq = (a: R, b: R) => a.n * b.d === b.n * a.d;
function num(text: string): R {
  const t = text.replace(/,/g, '');
  const [w, f = ''] = t.split('.');
  return norm(BigInt(w + f), 10n ** BigInt(f.length));
}
const fractionDigits = (text: string) => (text.split('.')[1] ?? '').length;
function round(r: R, mode: string): bigint {
  const q = r.n / r.d;
  const rem = r.n % r.d;
  if (rem === 0n || mode === 'down') return q;
  if (mode === 'up') return q + 1n;
  return 2n * rem >= r.d ? q + 1n : q;
}
const MODE: Record<string, string> = { down: 'down', up: 'up', 'to nearest': 'nearest' };

/** A printed value ("= 12.5" or "≈ 3.33") checked against the exact one it stands for. */
function checkValue(sign: string, printed: string, exact: R): R {
  const shown = num(printed);
  if (sign === '=') {
    expect(eq(shown, exact), `${printed} = exact ${exact.n}/${exact.d}`).toBe(true);
    return exact;
  }
  // Truncated: shown ≤ exact < shown + one unit of its last digit, and never a whole number.
  const unit = norm(1n, 10n ** BigInt(fractionDigits(printed)));
  expect(shown.n * exact.d <= exact.n * shown.d).toBe(true);
  const upper = add(shown, unit);
  expect(exact.n * upper.d < upper.n * exact.d).toBe(true);
  expect(shown.n % shown.d).not.toBe(0n);
  return shown;
}

/** Parses the English award line and checks every step; returns the printed total. */
function checkLine(line: string, f: EarnFacts): bigint {
  if (line.includes('minimum spend')) {
    expect(line).toMatch(/→ 0 pts$/);
    return 0n;
  }
  const segments = line.split(', ');
  const head =
    /^(.*) × ([\d,]+) pts?\/¥([\d,.]+) (=|≈) ([\d,.]+)(?: pts?)?(?: → ([\d,]+)(?: pts?)? \(rounded (down|up|to nearest)\))?$/.exec(
      segments[0],
    );
  expect(head, segments[0]).not.toBeNull();
  const [, base, ratePts, ratePer, sign0, value0, rounded0, mode0] = head!;
  const rate = norm(num(ratePts).n * num(ratePer).d, num(ratePer).n * 100n); // points per minor unit
  expect(eq(rate, norm(BigInt(f.rate.points), BigInt(f.rate.perMinor)))).toBe(true);
  // The base: one amount, or (amount [label ×m]* + …).
  const parts = base.startsWith('(') ? base.slice(1, -1).split(' + ') : [base];
  let exact: R = { n: 0n, d: 1n };
  for (const p of parts) {
    const m = /^¥([\d,.]+)(.*)$/.exec(p);
    expect(m, p).not.toBeNull();
    let v = mul(num(m![1]), norm(100n, 1n)); // yuan → minor units
    for (const x of m![2].matchAll(/ ×([\d.]+)/g)) v = mul(v, num(x[1]));
    exact = add(exact, v);
  }
  let last = checkValue(sign0, value0, mul(exact, rate));
  exact = mul(exact, rate);
  let rounded: bigint | null = null;
  let mode: string | null = mode0 ?? null;
  if (rounded0) rounded = BigInt(rounded0.replace(/,/g, ''));
  let total: bigint | null = null;
  let i = 1;
  for (; i < segments.length; i++) {
    const step =
      /^(.+) ×([\d.]+) (=|≈) ([\d,.]+)(?: pts?)?(?: → ([\d,]+)(?: pts?)? \(rounded (down|up|to nearest)\))?$/.exec(
        segments[i],
      );
    if (!step || rounded !== null) break;
    exact = mul(exact, num(step[2]));
    last = checkValue(step[3], step[4], exact);
    if (step[5]) [rounded, mode] = [BigInt(step[5].replace(/,/g, '')), step[6]];
  }
  if (rounded !== null) {
    // The one rounding: the printed (or exact) last figure, rounded by the rule's mode.
    expect(MODE[mode!]).toBe(f.rounding.mode);
    expect(round(last, f.rounding.mode)).toBe(rounded);
    expect(round(exact, f.rounding.mode)).toBe(rounded);
  } else {
    expect(exact.n % exact.d, `exact and unrounded: ${line}`).toBe(0n);
    rounded = exact.n / exact.d;
  }
  let sum = rounded;
  for (; i < segments.length; i++) {
    const bonus = /^(.+) \+([\d,]+)(?: → ([\d,]+) pts?)?$/.exec(segments[i]);
    expect(bonus, segments[i]).not.toBeNull();
    sum += BigInt(bonus![2].replace(/,/g, ''));
    if (bonus![3]) total = BigInt(bonus![3].replace(/,/g, ''));
  }
  if (total === null) {
    const end = / (?:=|→) ([\d,]+) pts?(?: \(rounded (?:down|up|to nearest)\))?$/.exec(line);
    expect(end, line).not.toBeNull();
    total = BigInt(end![1].replace(/,/g, ''));
  }
  expect(total).toBe(sum);
  return total;
}

const label = fc.constantFrom('tea', 'snacks', 'books', 'gifts');
const percent = fc.constantFrom(0, 50, 100, 125, 150, 200, 333);
const rules = fc.record({
  points: fc.integer({ min: 0, max: 20 }),
  perMinor: fc.constantFrom(1, 3, 7, 100, 250, 300, 1000, 1024),
  rounding: fc.constantFrom('down' as const, 'nearest' as const, 'up' as const),
  minSpendMinor: fc.constantFrom(0, 0, 500, 5000),
  categories: fc.array(fc.record({ category: label, multiplierPercent: percent }), { maxLength: 3 }),
  skus: fc.array(fc.record({ sku: fc.constantFrom('A-1', 'B-2'), multiplierPercent: percent }), { maxLength: 2 }),
  promos: fc.array(
    fc.record({
      name: fc.constantFrom('Tuesday', 'Launch', 'Weekend'),
      kind: fc.constantFrom('multiplier' as const, 'bonus' as const),
      category: fc.option(label, { nil: undefined }),
      sku: fc.option(fc.constantFrom('A-1', 'C-3'), { nil: undefined }),
      multiplierPercent: fc.constantFrom(110, 150, 200, 300),
      bonusPoints: fc.integer({ min: 1, max: 500 }),
    }),
    { maxLength: 3 },
  ),
  tier: fc.option(fc.constantFrom(100, 110, 150, 175, 200), { nil: null }),
  promotionPolicy: fc.constantFrom(
    undefined,
    'bestMultiplier' as const,
    'best' as const,
    'latest' as const,
    'stack' as const,
  ),
  roundingStep: fc.constantFrom(undefined, 'purchase' as const),
  visitPoints: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  earnOnly: fc.option(fc.subarray(['tea', 'snacks', 'books', 'gifts'], { minLength: 1 }), { nil: undefined }),
});
const lines = fc.array(
  fc.record({
    sku: fc.option(fc.constantFrom('A-1', 'B-2', 'C-3'), { nil: null }),
    category: fc.option(label, { nil: null }),
    amountMinor: fc.integer({ min: 0, max: 5_000_000 }).map(minor),
  }),
  { minLength: 1, maxLength: 6 },
);

function build(r: {
  points: number;
  perMinor: number;
  rounding: RuleSet['rounding'];
  minSpendMinor: number;
  promotionPolicy?: RuleSet['promotionPolicy'];
  roundingStep?: RuleSet['roundingStep'];
  visitPoints?: number;
  earnOnly?: string[];
  categories: { category: string; multiplierPercent: number }[];
  skus: { sku: string; multiplierPercent: number }[];
  promos: {
    name: string;
    kind: 'multiplier' | 'bonus';
    category?: string;
    sku?: string;
    multiplierPercent: number;
    bonusPoints: number;
  }[];
}): RuleSet {
  const unique = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    ...DEFAULT_RULES,
    earnRate: { points: r.points, perMinor: r.perMinor },
    rounding: r.rounding,
    minSpendMinor: r.minSpendMinor,
    ...(r.promotionPolicy ? { promotionPolicy: r.promotionPolicy } : {}),
    ...(r.roundingStep ? { roundingStep: r.roundingStep } : {}),
    ...(r.visitPoints ? { visitPoints: r.visitPoints } : {}),
    ...(r.earnOnly ? { earnOnlyCategories: r.earnOnly } : {}),
    categoryMultipliers: unique(r.categories, (c) => c.category),
    skuMultipliers: unique(r.skus, (s) => s.sku),
    promotions: r.promos.map((p) => ({
      name: p.name,
      kind: p.kind,
      startsAt: 0,
      endsAt: 8e15,
      ...(p.category ? { category: p.category } : {}),
      ...(p.sku ? { sku: p.sku } : {}),
      ...(p.kind === 'multiplier' ? { multiplierPercent: p.multiplierPercent } : { bonusPoints: p.bonusPoints }),
    })),
  };
}

const numbersIn = (s: string) => s.match(/\d[\d,.]*\d|\d/g) ?? [];

describe('the award explanation adds up as printed', () => {
  it('every printed step reproduces the next figure and the total the engine awarded', () => {
    fc.assert(
      fc.property(rules, lines, (r, ls) => {
        const rs = build(r);
        const tier: Tier | null =
          r.tier === null ? null : { name: 'Gold', thresholdMinor: 0, multiplierPercent: r.tier };
        const earn = computeEarn(rs, tier, 1_000, ls);
        const f = facts<EarnFacts>({ ...earn.facts, ruleVersion: 1 });
        // The facts alone reproduce the total, and their parts partition what was paid.
        expect(pointsOf(f)).toBe(earn.total);
        expect(f.parts.reduce((a, p) => a + p.onMinor, 0)).toBe(f.paidMinor);
        const en = formatExplanation(f, { locale: 'en', currency: 'CNY', minorUnits: 2 });
        expect(checkLine(en, f)).toBe(BigInt(earn.total));
        // The Chinese line prints the same figures in the same order.
        const zh = formatExplanation(f, { locale: 'zh-CN', currency: 'CNY', minorUnits: 2 });
        expect(numbersIn(zh)).toEqual(numbersIn(en));
      }),
      { numRuns: 400 },
    );
  });

  it('with rounding at each step, every printed figure is the rounded one before it times its multiplier', () => {
    fc.assert(
      fc.property(rules, lines, (r, ls) => {
        const rs: RuleSet = { ...build(r), roundingStep: 'step' };
        const tier: Tier | null =
          r.tier === null ? null : { name: 'Gold', thresholdMinor: 0, multiplierPercent: r.tier };
        const earn = computeEarn(rs, tier, 1_000, ls);
        expect(earn.perLine.reduce((a, b) => a + b, 0)).toBe(earn.total);
        const f = facts<EarnFacts>({ ...earn.facts, ruleVersion: 1 });
        expect(pointsOf(f)).toBe(earn.total);
        const en = formatExplanation(f, { locale: 'en', currency: 'CNY', minorUnits: 2 });
        expect(checkStepLine(en, f)).toBe(BigInt(earn.total));
        const zh = formatExplanation(f, { locale: 'zh-CN', currency: 'CNY', minorUnits: 2 });
        expect(numbersIn(zh)).toEqual(numbersIn(en));
      }),
      { numRuns: 300 },
    );
  });
});

/** Step rounding: "A × r = v → n, L ×m = v → n, … (rounded M at each step)[, bonus +b … → T pts]". */
function checkStepLine(line: string, f: EarnFacts): bigint {
  if (line.includes('minimum spend')) return 0n;
  const segments = line.split(', ');
  const figure = /^(.*?) (=|≈) ([\d,.]+)(?: → ([\d,]+))?(?: pts?)?(?: \(rounded (down|up|to nearest) at each step\))?$/;
  let current: R | null = null;
  let i = 0;
  for (; i < segments.length; i++) {
    const m = figure.exec(segments[i]);
    if (!m) break;
    const [, what, sign, value, arrow, mode] = m;
    let exact: R;
    if (current === null) {
      const head = /^(.*) × ([\d,]+) pts?\/¥([\d,.]+)$/.exec(what);
      expect(head, what).not.toBeNull();
      const rate = norm(num(head![2]).n * num(head![3]).d, num(head![3]).n * 100n);
      const base = head![1];
      const parts = base.startsWith('(') ? base.slice(1, -1).split(' + ') : [base];
      exact = { n: 0n, d: 1n };
      for (const p of parts) {
        const pm = /^¥([\d,.]+)(.*)$/.exec(p);
        let v = mul(num(pm![1]), norm(100n, 1n));
        for (const x of pm![2].matchAll(/ ×([\d.]+)/g)) v = mul(v, num(x[1]));
        exact = add(exact, v);
      }
      exact = mul(exact, rate);
    } else {
      const step = /^(.+) ×([\d.]+)$/.exec(what);
      expect(step, what).not.toBeNull();
      exact = mul(current, num(step![2]));
    }
    const shown = checkValue(sign, value, exact);
    if (arrow !== undefined) {
      const n = BigInt(arrow.replace(/,/g, ''));
      expect(round(exact, f.rounding.mode)).toBe(n);
      expect(round(shown, f.rounding.mode)).toBe(n);
      current = { n, d: 1n };
    } else {
      expect(exact.n % exact.d, `a figure not rounded must be whole: ${line}`).toBe(0n);
      current = exact;
    }
    if (mode) expect(MODE[mode]).toBe(f.rounding.mode);
  }
  expect(current).not.toBeNull();
  let sum = current!.n;
  let total: bigint | null = null;
  for (; i < segments.length; i++) {
    const bonus = /^(.+) \+([\d,]+)(?: → ([\d,]+) pts?)?$/.exec(segments[i]);
    expect(bonus, segments[i]).not.toBeNull();
    sum += BigInt(bonus![2].replace(/,/g, ''));
    if (bonus![3]) total = BigInt(bonus![3].replace(/,/g, ''));
  }
  return total ?? sum;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, divRound, roundParts, shareOf } from '../../src/main/core/points/exact-math';
import { computeEarn } from '../../src/main/core/points/earn-calc';
import { minor } from '../../src/shared/units';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

/** Properties of the integer arithmetic every award, discount and refund relies on. */
const mode = fc.constantFrom('down' as const, 'nearest' as const, 'up' as const);

describe('exact arithmetic', () => {
  it('divRound agrees with the definition of each mode', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), mode, (n, d, m) => {
        const q = divRound(n, d, m);
        if (m === 'down') expect(q * d <= n && n < (q + 1n) * d).toBe(true);
        if (m === 'up') expect(q * d >= n && n > (q - 1n) * d).toBe(true);
        if (m === 'nearest') expect(2n * n >= (2n * q - 1n) * d && 2n * n < (2n * q + 1n) * d).toBe(true);
      }),
    );
  });

  it('allocate splits a total exactly, each part within one of its proportional share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000_000_000 }), { minLength: 1, maxLength: 50 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            if (sum > 0n) {
              const floor = Number((BigInt(total) * BigInt(weights[i])) / sum);
              expect(p === floor || p === floor + 1).toBe(true);
            }
          });
        },
      ),
    );
  });

  // Divisors from 10^5 keep each part a safe integer (an award above 10^9 points is refused anyway).
  it('roundParts: parts add up to the purchase rounded once, each within one of its own fraction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 50 }),
        fc.bigInt({ min: 100_000n, max: 10n ** 12n }),
        mode,
        (ns, d, m) => {
          const parts = roundParts(ns, d, m);
          expect(BigInt(parts.reduce((a, b) => a + b, 0))).toBe(
            divRound(
              ns.reduce((a, b) => a + b, 0n),
              d,
              m,
            ),
          );
          parts.forEach((p, i) => {
            const floor = ns[i] / d;
            expect(BigInt(p) === floor || BigInt(p) === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('units returned one batch at a time add up to the whole line, whatever the batches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (value, batches) => {
          const qty = batches.reduce((a, b) => a + b, 0);
          let returned = 0;
          let given = 0;
          for (const b of batches) {
            const share = shareOf(value, returned + b, qty) - shareOf(value, returned, qty);
            expect(share).toBeGreaterThanOrEqual(0);
            given += share;
            returned += b;
          }
          expect(given).toBe(value);
        },
      ),
    );
  });

  it('earning: lines add up to the total, and paying more never earns less', () => {
    const rules: RuleSet = {
      ...DEFAULT_RULES,
      earnRate: { points: 3, perMinor: 700 },
      categoryMultipliers: [{ category: 'a', multiplierPercent: 150 }],
      tiers: [],
    };
    const line = fc.record({
      category: fc.constantFrom(null, 'a', 'b'),
      amountMinor: fc.integer({ min: 0, max: 10_000_000 }).map(minor),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 10 }),
        mode,
        fc.integer({ min: 0, max: 10_000 }),
        (ls, rounding, extra) => {
          const lines = ls.map((l) => ({ sku: null, category: l.category, amountMinor: l.amountMinor }));
          const r = computeEarn({ ...rules, rounding }, null, 0, lines);
          expect(r.perLine.reduce((a, b) => a + b, 0)).toBe(r.total);
          r.perLine.forEach((p) => expect(p).toBeGreaterThanOrEqual(0));
          const more = lines.map((l, i) => (i === 0 ? { ...l, amountMinor: minor(l.amountMinor + extra) } : l));
          expect(computeEarn({ ...rules, rounding }, null, 0, more).total).toBeGreaterThanOrEqual(r.total);
        },
      ),
    );
  });
});

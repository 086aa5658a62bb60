import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minorToDecimal } from '../../src/shared/decimal';

describe('minorToDecimal', () => {
  it.each([
    [10500, 2, false, '105.00'],
    [5, 2, false, '0.05'],
    [-1234, 2, false, '-12.34'],
    [500, 0, false, '500'],
    [150, 2, true, '1.5'],
    [200, 2, true, '2'],
    [1001, 3, false, '1.001'],
  ])('%d with %d digits (trim %s) → %s', (minor, digits, trim, text) => {
    expect(minorToDecimal(minor, digits, trim)).toBe(text);
  });

  it('is exact for every safe integer (reading it back gives the same minor units)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 3 }),
        (minor, digits) => {
          expect(BigInt(minorToDecimal(minor, digits).replace('.', ''))).toBe(BigInt(minor));
        },
      ),
    );
  });
});

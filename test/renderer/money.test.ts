import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, minorToDecimalString, defaultMinorUnits } from '../../src/renderer/src/lib/money';

describe('minorToDecimalString: exact, no floating point', () => {
  it.each([
    [0, 2, '0.00'],
    [5, 2, '0.05'],
    [10500, 2, '105.00'],
    [-10500, 2, '-105.00'],
    [123, 0, '123'],
    [1, 3, '0.001'],
    [1_000_000_000_00, 2, '1000000000.00'],
  ])('%d with %d decimals → %s', (minor, units, expected) => {
    expect(minorToDecimalString(minor, units)).toBe(expected);
  });

  it('round-trips every safe integer (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 3 }), (minor, units) => {
        const s = minorToDecimalString(minor, units);
        expect(BigInt(s.replace('.', ''))).toBe(BigInt(minor));
      }),
    );
  });
});

describe('formatMoney', () => {
  it('formats CNY in both locales', () => {
    expect(formatMoney(10500, 'CNY', 'zh-CN')).toBe('¥105.00');
    expect(formatMoney(10500, 'CNY', 'en')).toBe('¥105.00');
  });

  it('uses the ISO default minor units when none are given', () => {
    expect(defaultMinorUnits('JPY')).toBe(0);
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
    expect(formatMoney(1234, 'USD', 'en')).toBe('$12.34');
  });

  it('honours the minor units from settings', () => {
    expect(formatMoney(1234, 'USD', 'en', 3)).toBe('$1.234');
  });

  it('prints large amounts exactly (beyond float precision of cents)', () => {
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en')).toBe('$90,071,992,547,409.91');
  });
});

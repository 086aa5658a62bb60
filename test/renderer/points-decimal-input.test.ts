import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  minorToInput,
  parseDecimal,
  parseMoneyInput,
  parseMultiplier,
  parseWhole,
} from '../../src/renderer/src/features/points/decimal-input';

describe('parseMoneyInput: major units typed → exact integer minor units', () => {
  it.each([
    ['105.00', 2, 10500],
    ['105', 2, 10500],
    ['105.5', 2, 10550],
    ['0.29', 2, 29], // parseFloat('0.29') * 100 = 28.999999999999996
    ['1.15', 2, 115], // 1.15 * 100 = 114.99999999999999
    ['.5', 2, 50],
    ['5.', 2, 500],
    ['¥105.00', 2, 10500],
    ['1,050.00', 2, 105000],
    [' 42 ', 0, 42],
    ['1.234', 3, 1234],
    ['999999999.99', 2, 99999999999],
    ['1.10', 1, 11],
  ])('%s (%i digits) → %i', (input, digits, expected) => {
    expect(parseMoneyInput(input, digits)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['abc', 'format'],
    ['1.2.3', 'format'],
    ['-5', 'negative'],
    ['−3', 'negative'],
    ['1e3', 'format'],
    ['NaN', 'format'],
    ['Infinity', 'format'],
    ['.', 'format'],
    ['105.001', 'tooPrecise'],
    ['1000000000.01', 'tooLarge'],
    ['99999999999999999999999', 'tooLarge'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(parseMoneyInput(input, 2)).toEqual({ ok: false, reason });
  });

  it('a currency with no minor units refuses any fraction digit but zeros', () => {
    expect(parseMoneyInput('500', 0)).toEqual({ ok: true, value: 500 });
    expect(parseMoneyInput('500.00', 0)).toEqual({ ok: true, value: 500 });
    expect(parseMoneyInput('500.5', 0)).toEqual({ ok: false, reason: 'tooPrecise' });
  });

  it('round-trips every cent of a range exactly', () => {
    for (let minor = 0; minor < 20_000; minor += 7) {
      expect(parseDecimal(minorToInput(minor, 2), 2)).toEqual({ ok: true, value: minor });
    }
  });
});

describe('parseMultiplier and parseWhole', () => {
  it('multipliers are exact percents', () => {
    expect(parseMultiplier('1.5')).toEqual({ ok: true, value: 150 });
    expect(parseMultiplier('×2')).toEqual({ ok: true, value: 200 });
    expect(parseMultiplier('1.25')).toEqual({ ok: true, value: 125 });
    expect(parseMultiplier('0')).toEqual({ ok: true, value: 0 });
    expect(parseMultiplier('1.255')).toEqual({ ok: false, reason: 'tooPrecise' });
    expect(parseMultiplier('101')).toEqual({ ok: false, reason: 'tooLarge' });
  });
  it('whole numbers are digits only', () => {
    expect(parseWhole('120', 1000)).toEqual({ ok: true, value: 120 });
    expect(parseWhole('1.0', 1000)).toEqual({ ok: false, reason: 'format' });
    expect(parseWhole('-1', 1000)).toEqual({ ok: false, reason: 'format' });
    expect(parseWhole('1001', 1000)).toEqual({ ok: false, reason: 'tooLarge' });
  });
  it('minorToInput formats for pre-filled inputs', () => {
    expect(minorToInput(10500, 2)).toBe('105.00');
    expect(minorToInput(5, 2)).toBe('0.05');
    expect(minorToInput(150, 2, true)).toBe('1.5');
    expect(minorToInput(42, 0)).toBe('42');
  });
});

/**
 * Issue 9 item 1: separators. A comma is thousands grouping only where no decimal reading
 * is possible; anything else with a comma is refused with the dot reading as suggestion.
 */
describe('parseMoneyInput: commas, spaces and full-width input', () => {
  it.each([
    // [typed, currency decimals, minor units]
    ['1,250.00', 2, 125000],
    ['12,345.6', 2, 1234560],
    ['1,234,567.89', 2, 123456789],
    ['1,250', 2, 125000], // with 2 decimals "1,250" cannot mean 1.250
    ['1 250.00', 2, 125000],
    ['1\u00a0250', 2, 125000],
    ['1,250', 0, 1250],
    ['1,250.000', 3, 1250000], // a dot follows: the comma is grouping even with 3 decimals
    ['１２.５０', 2, 1250], // full-width digits and dot (Chinese IME)
    ['１２。５０', 2, 1250], // the ideographic full stop as the dot
    ['１，２５０。００', 2, 125000],
    ['￥１２.５', 2, 1250],
    ['¥ 12.50', 2, 1250],
    ['CNY 12.50', 2, 1250],
  ])('%j (%i decimals) → %i', (input, digits, expected) => {
    expect(parseMoneyInput(input, digits)).toEqual({ ok: true, value: expected });
  });

  it.each([
    // [typed, currency decimals, reason, suggestion]
    ['1,5', 2, 'comma', '1.5'],
    ['12,50', 2, 'comma', '12.50'],
    ['１２，５０', 2, 'comma', '12.50'],
    ['0,99', 2, 'comma', '0.99'],
    ['1,250', 3, 'comma', '1.250'], // 3 decimals (KWD): 1.250 is possible, so ambiguous
    ['12,5,0', 2, 'comma', undefined],
    ['1,25.00', 2, 'comma', undefined],
    ['1,2345', 2, 'comma', undefined], // 1.2345 has too many decimals to suggest
    ['12.50,1', 2, 'comma', undefined],
    [',5', 2, 'comma', undefined],
    ['1 5', 2, 'format', undefined],
    ['12 50', 2, 'format', undefined],
  ])('%j (%i decimals) is refused as %s, suggesting %j', (input, digits, reason, suggestion) => {
    const r = parseMoneyInput(input, digits);
    expect(r).toEqual(suggestion === undefined ? { ok: false, reason } : { ok: false, reason, suggestion });
  });

  it('whole numbers take full-width digits and unambiguous grouping', () => {
    expect(parseWhole('１５０', 1000)).toEqual({ ok: true, value: 150 });
    expect(parseWhole('1,000', 10_000)).toEqual({ ok: true, value: 1000 });
    expect(parseWhole('1,00', 10_000)).toEqual({ ok: false, reason: 'format' });
  });

  it('never returns anything but a safe non-negative integer (any text, any currency)', () => {
    const typed = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[-¥￥ ]?[0-9０-９,，.。 ]{0,14}$/),
      fc.tuple(fc.nat(999_999_999), fc.nat(99)).map(([w, f]) => `${w.toLocaleString('en')}.${f}`),
    );
    fc.assert(
      fc.property(typed, fc.integer({ min: 0, max: 3 }), (input, digits) => {
        const r = parseMoneyInput(input, digits);
        if (r.ok) {
          expect(Number.isSafeInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(100_000_000_000);
        } else if (r.suggestion !== undefined) {
          // A suggestion is always itself a valid amount.
          expect(parseMoneyInput(r.suggestion, digits).ok).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('grouped and plain forms of the same amount read the same', () => {
    fc.assert(
      fc.property(fc.nat(999_999_999), fc.nat(99), (whole, cents) => {
        const frac = String(cents).padStart(2, '0');
        const grouped = parseMoneyInput(`${whole.toLocaleString('en')}.${frac}`, 2);
        expect(grouped).toEqual(parseMoneyInput(`${whole}.${frac}`, 2));
        expect(grouped).toEqual({ ok: true, value: whole * 100 + cents });
      }),
    );
  });
});

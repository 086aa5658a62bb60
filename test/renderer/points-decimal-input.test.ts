import { describe, expect, it } from 'vitest';
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
    ['-5', 'format'],
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

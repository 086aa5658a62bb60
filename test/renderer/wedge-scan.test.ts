import { describe, expect, it } from 'vitest';
import { scannedCard, type Stroke } from '../../src/renderer/src/features/members/wedge-scan';

const CARD = '2900000000018'; // '29' + ten digits + the EAN-13 check digit
const strokes = (digits: string, gap: number, start = 1000): Stroke[] =>
  [...digits].map((digit, i) => ({ digit, at: start + i * gap }));
const enterAfter = (s: Stroke[], gap: number) => s[s.length - 1].at + gap;

describe('wedge scan: a card number typed by a scanner', () => {
  it('the test card is a valid card number', () => {
    expect(scannedCard(strokes(CARD, 100), 0, false) ?? 'x').not.toBe('x');
  });
  it.each([
    ['fast, in a field', strokes(CARD, 8), 8, true, CARD],
    [
      'fast with one hiccup, in a field',
      strokes(CARD, 8).map((s, i) => (i > 6 ? { ...s, at: s.at + 250 } : s)),
      8,
      true,
      CARD,
    ],
    ['slow (a person), in a field: just typing', strokes(CARD, 120), 120, true, null],
    ['a very fast person (90 ms a key), in a field: just typing', strokes(CARD, 90), 90, true, null],
    ['slow, on a button: the check digit is enough', strokes(CARD, 120), 120, false, CARD],
    ['wrong check digit, fast', strokes('2900000000017', 8), 8, true, null],
    ['12 digits, fast', strokes('290000000001', 8), 8, true, null],
    ['digits before the card do not hide it', strokes('42' + CARD, 8), 8, false, CARD],
    [
      'one long pause inside, in a field',
      strokes(CARD, 8).map((s, i) => (i > 6 ? { ...s, at: s.at + 500 } : s)),
      8,
      true,
      null,
    ],
  ])('%s', (_name, s, enterGap, inField, expected) => {
    expect(scannedCard(s, enterAfter(s, enterGap), inField)).toBe(expected);
  });
});

import { isCardNumber } from '../../../../shared/contract/members';

/**
 * Telling a keyboard-wedge scan from a person typing (issue 9 item 4). A wedge scanner
 * "types" the barcode's digits a few milliseconds apart and ends with Enter; people need
 * far more than 80 ms between keys on average. A card number (13 digits, EAN-13 check digit
 * right, see core members/card-number.ts) is what the counter acts on:
 * - typed **fast** (on average at most FAST_GAP_MS per key, Enter included, and no pause
 *   over MAX_GAP_MS: a busy terminal or a scanner's hiccup delays a key now and then) —
 *   anywhere, also into the amount or receipt field the focus happened to be in;
 * - or typed at any speed where nothing takes digits (a button, the page): there a
 *   valid check digit is proof enough.
 * A scan of anything else (a receipt barcode into the receipt field) is left alone.
 */
// A scanner: 1–30 ms a key. People: 150 ms or more a key on average, even data-entry staff
// on a numeric pad (10,000 keys an hour is 360 ms); 80 ms on average over 13 keys is out of
// human reach, and leaves room for a busy terminal delaying the scanner's keys.
export const FAST_GAP_MS = 80;
export const MAX_GAP_MS = 300;
/** A pause this long starts a new sequence. */
export const SEQUENCE_BREAK_MS = 2_000;

export const CARD_LENGTH = 13;

export interface Stroke {
  /** The character typed: a digit for a card; any printable character for a receipt's code. */
  digit: string;
  at: number;
}

/** A receipt code shorter than this is not told from a stray key or two. */
export const MIN_TEXT_LENGTH = 3;

/**
 * The card in the last 13 digits before Enter, if they are a scan. Only the last 13 count:
 * digits typed before (a "42" on the same button a moment ago) do not hide the card.
 */
export function scannedCard(strokes: readonly Stroke[], enterAt: number, inField: boolean): string | null {
  const last = strokes.slice(-CARD_LENGTH);
  const card = last.map((s) => s.digit).join('');
  if (card.length !== CARD_LENGTH || !/^\d+$/.test(card) || !isCardNumber(card)) return null;
  const times = [...last.map((s) => s.at), enterAt];
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const fast = gaps.every((g) => g <= MAX_GAP_MS) && (times[times.length - 1] - times[0]) / gaps.length <= FAST_GAP_MS;
  return fast || !inField ? card : null;
}

/**
 * A scan of anything else (the till's receipt, issue 9 item 13): the longest run of keys
 * before Enter with no pause over MAX_GAP_MS, if it was typed at scanner speed — always
 * required here, whatever the focus, as a person can type a receipt number too. Returns
 * its text and where it starts in `strokes` (the field it fell into gets back what it
 * held before that key).
 */
export function scannedText(strokes: readonly Stroke[], enterAt: number): { text: string; from: number } | null {
  const times = [...strokes.map((s) => s.at), enterAt];
  let from = strokes.length;
  while (from > 0 && times[from] - times[from - 1] <= MAX_GAP_MS) from--;
  const keys = strokes.length - from;
  if (keys < MIN_TEXT_LENGTH) return null;
  if ((enterAt - times[from]) / keys > FAST_GAP_MS) return null;
  return {
    text: strokes
      .slice(from)
      .map((s) => s.digit)
      .join(''),
    from,
  };
}

import { receiptKey } from './sync/receipts';

/**
 * Receipt numbers as a cashier types or scans them: "R-1001 ", " r-1001", full-width
 * "Ｒ-1001", "R-10\u200B01" or "R‐1001" (U+2010) are one receipt. Two forms:
 *
 * - the **display form**, kept and shown: NFKC, invisible format characters removed,
 *   every Unicode dash made '-', whitespace collapsed and trimmed; case as typed;
 * - the **key**, unique per store (`points_purchases.receipt_key`, migration 008), the
 *   same function head office uses (shared/sync/receipts.ts): also case-folded and with
 *   no whitespace at all.
 *
 * A key must be letters a–z, digits and `- _ . / #` (starting with a letter or digit):
 * anything else — another script's letters that merely look like Latin ones, symbols —
 * is refused rather than guessed at.
 */
export { receiptKey };

export const RECEIPT_MAX = 40;
const KEY_CHARS = /^[a-z0-9][a-z0-9._/#-]*$/;

export function receiptDisplay(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[\p{Pd}\u2212]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Whether a (display-form) receipt number has an acceptable key. */
export function isAcceptableReceipt(display: string): boolean {
  const key = receiptKey(display);
  return key.length > 0 && key.length <= RECEIPT_MAX && KEY_CHARS.test(key);
}

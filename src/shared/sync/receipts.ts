/**
 * The form in which a receipt number is unique per store: NFKC (full-width Ｒ is R),
 * zero-width and other invisible format characters removed, every Unicode dash made '-',
 * inner whitespace removed, case folded. "R-1001", " r-1001", "Ｒ‐1001" are one receipt.
 */
export function receiptKey(receiptNo: string): string {
  return receiptNo
    .normalize('NFKC')
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[\p{Pd}\u2212]/gu, '-')
    .replace(/\s+/gu, '')
    .toLowerCase();
}

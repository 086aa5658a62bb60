/**
 * Promo codes as people type and scan them (issue 11 item 7).
 *
 * Generated codes use an alphabet without look-alikes (no 0/O, 1/I/L): 23 letters and
 * the digits 2–9, 31 symbols; the Luhn mod N check character catches every single
 * mistyped symbol and every swap of two neighbours but A↔9 (the first and last symbols,
 * as 0↔9 in Luhn mod 10). A generated code is 8 random
 * symbols (31^8 ≈ 8.5 × 10^11) and the check character, shown as `ABCD-EFGH-K`.
 *
 * Reading: NFKC (full-width letters from an IME), upper case, spaces and dashes dropped,
 * so `abcd efgh k`, `ＡＢＣＤ-ＥＦＧＨ-Ｋ` and `ABCDEFGHK` are the same code. Named codes a
 * manager types (`SUMMER10`, multi-use) are read the same way and carry no check character.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const GENERATED_BODY = 8;
export const GENERATED_LENGTH = GENERATED_BODY + 1;

/** The stored form: NFKC, upper case, without spaces or any kind of dash. */
export function normalizePromoCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−_]/g, '');
}

function luhnSum(code: string, startFactor: 1 | 2): number {
  const n = CODE_ALPHABET.length;
  let factor = startFactor;
  let sum = 0;
  for (let i = code.length - 1; i >= 0; i--) {
    const cp = CODE_ALPHABET.indexOf(code[i]);
    if (cp < 0) return -1;
    let addend = factor * cp;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return sum;
}

/** The check character for a body of alphabet symbols (Luhn mod 31). */
export function checkCharacter(body: string): string {
  const n = CODE_ALPHABET.length;
  const sum = luhnSum(body, 2);
  if (sum < 0) throw new Error('not a code body');
  return CODE_ALPHABET[(n - (sum % n)) % n];
}

/** Has the shape of a generated code (length and alphabet), whatever its check character. */
export function looksGenerated(code: string): boolean {
  return code.length === GENERATED_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** A generated code whose check character is right. */
export function isValidGenerated(code: string): boolean {
  return looksGenerated(code) && luhnSum(code, 1) % CODE_ALPHABET.length === 0;
}

/** `ABCDEFGHK` → `ABCD-EFGH-K`; named codes are shown as stored. */
export function displayPromoCode(code: string, generated: boolean): string {
  return generated && code.length === GENERATED_LENGTH
    ? `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`
    : code;
}

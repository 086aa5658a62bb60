import { ean13CheckDigit } from '../contract/members';

/**
 * Chain card numbers: EAN-13 with the terminal's check digit scheme, in blocks head
 * office issues per terminal. The chain uses GS1 restricted-circulation prefix 28, so a
 * chain-issued number never equals one a standalone terminal drew at random (those use
 * prefix 29, see src/main/core/members/card-number.ts): existing members keep their
 * cards when a store joins the chain, with no collision check needed.
 */
export const CHAIN_CARD_PREFIX = '28';
export const CARD_BODY_DIGITS = 10;
export const MAX_CARD_BODY = 10 ** CARD_BODY_DIGITS - 1;

export function chainCardNumber(body: number, prefix = CHAIN_CARD_PREFIX): string {
  if (!Number.isSafeInteger(body) || body < 0 || body > MAX_CARD_BODY) throw new Error(`bad card body ${body}`);
  const first12 = prefix + String(body).padStart(CARD_BODY_DIGITS, '0');
  return first12 + String(ean13CheckDigit(first12));
}

/** The n-th card number (0-based) of a block. */
export function cardInBlock(block: { prefix: string; firstBody: number; size: number }, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= block.size) throw new Error(`card ${n} is outside the block`);
  return chainCardNumber(block.firstBody + n, block.prefix);
}

/** The body (the 10 digits after the prefix) of a 13-digit card number. */
export function cardBody(card: string): { prefix: string; body: number } {
  return { prefix: card.slice(0, 2), body: Number(card.slice(2, 12)) };
}

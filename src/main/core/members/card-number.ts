import { randomInt } from 'node:crypto';
import type { Db } from '../db/open-database';
import { ean13CheckDigit } from '../../../shared/contract/members';

/**
 * Card numbers are EAN-13 in the GS1 "restricted circulation" range 20–29 (in-store
 * numbers that never clash with a product barcode): '29' + 10 random digits + check
 * digit. Random rather than sequential so a card number does not reveal how many
 * members the store has, and terminals that later merge do not collide in practice;
 * uniqueness is still checked against the table.
 */
export const CARD_PREFIX = '29';

export function makeCardNumber(body10: string): string {
  const first12 = CARD_PREFIX + body10;
  return first12 + String(ean13CheckDigit(first12));
}

export function randomCardNumber(): string {
  // Two draws: randomInt's range must stay below 2^48.
  const body = String(randomInt(0, 100_000)).padStart(5, '0') + String(randomInt(0, 100_000)).padStart(5, '0');
  return makeCardNumber(body);
}

export function generateUniqueCardNumber(db: Db): string {
  const exists = db.prepare('SELECT 1 FROM members WHERE card_number = ?').pluck();
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = randomCardNumber();
    if (!exists.get(candidate)) return candidate;
  }
  // 10^10 numbers: twenty collisions in a row means something is badly wrong.
  throw new Error('could not find a free card number');
}

import { v7 as uuidv7 } from 'uuid';
import { randomBytes } from 'node:crypto';

/** Time-ordered ids (UUIDv7): sortable by creation, unique across terminals. */
export function newId(): string {
  return uuidv7();
}

/** A random secret rendered in Crockford base32 groups, e.g. for recovery keys. */
export function randomCode(groups: number, groupLength = 4): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(groups * groupLength);
  const chars = Array.from(bytes, (b) => alphabet[b % 32]);
  const out: string[] = [];
  for (let g = 0; g < groups; g++) out.push(chars.slice(g * groupLength, (g + 1) * groupLength).join(''));
  return out.join('-');
}

import { v7 as uuidv7 } from 'uuid';
import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from the OS 4 KB at a time: a `randomFillSync` per id
 * costs ~7 µs (a syscall), and an award makes three ids. Each byte is handed out once.
 */
const POOL = new Uint8Array(4096);
let poolAt = POOL.length;

function random16(): Uint8Array {
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const out = POOL.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  return out;
}

/**
 * The RFC 9562 method 1 counter uuid's own v7 keeps (uuid does not keep it when it is
 * given the random bytes): a new millisecond seeds a random 31-bit counter, further ids
 * in the same millisecond count up, so ids made by this process sort in creation order.
 */
let lastMs = -Infinity;
let seq = 0;

/** Time-ordered ids (UUIDv7): sortable by creation, unique across terminals. */
export function newId(): string {
  const random = random16();
  const now = Date.now();
  if (now > lastMs) {
    seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
    lastMs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++; // counter overflow: borrow the next millisecond
  }
  return uuidv7({ random, msecs: lastMs, seq });
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

import { z } from 'zod';

/**
 * Member PINs across the stores of a chain (issue 12).
 *
 * A PIN is HMACed with a pepper before bcrypt (src/main/core/members/pin.ts). A terminal's
 * own pepper comes from its master key, so its hashes verify only there. In a chain the
 * terminals share a second pepper, the chain PIN key, which head office hands out at
 * enrolment (`enrol:join`, or `keys:pin` for a terminal enrolled before it existed) and
 * which each terminal keeps beside its credential, outside the database file. A PIN set in
 * chain mode is hashed with it ('pc1$') and travels with the member to every store.
 *
 * A hash made with a terminal's own pepper (set before the terminal joined) cannot be
 * checked anywhere else, so it travels as PIN_SET_ELSEWHERE: the other stores then know the
 * member has a PIN (and ask for it before a spend) but refuse it as `pinElsewhere` until the
 * member resets it with their details — which sets a chain hash.
 */
export const CHAIN_PIN_PREFIX = 'pc1$';
export const PIN_SET_ELSEWHERE = 'px1$';

/** A member's PIN on the wire: a chain hash, the "set elsewhere" mark, or null for none. */
export const pinOnWire = z
  .string()
  .max(80)
  .regex(/^(pc1\$\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}|px1\$)$/, 'a chain PIN hash or the set-elsewhere mark')
  .nullable();
export type PinOnWire = z.output<typeof pinOnWire>;

/** The chain PIN key: 32 random bytes, base64. */
export const chainPinKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes in base64');

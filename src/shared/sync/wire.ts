import { z } from 'zod';
import { epochMs, id, line, minorUnits, opId, text } from '../contract/common';
import { cardNumber } from '../contract/members';
import { LEDGER_KINDS } from '../contract/points';
import { ROLES } from '../roles';

/**
 * Building blocks of the head office protocol, shared by the service (which validates
 * every request with them at the edge) and the terminals (which build requests with
 * them). They reuse the terminal contract's primitives so that an id, a card number or a
 * name valid at the counter is valid on the wire, and vice versa.
 */

export { cardNumber, epochMs, id, line, minorUnits, opId, text };

/** Any UUID (terminal ids and entry ids are UUIDv7 today; the wire does not insist). */
export const uuid = opId;

/** E.164, as the terminal stores phones (`+8613812345678`). */
export const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number');
export const email = z
  .string()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** One ledger movement, as big as any terminal entry can be, never zero. */
export const entryPoints = z
  .number()
  .int()
  .min(-1_000_000_000)
  .max(1_000_000_000)
  .refine((p) => p !== 0, { message: 'an entry moves a non-zero number of points' });
export const positivePoints = z.number().int().min(1).max(1_000_000_000);

/**
 * Who did it at the terminal. The terminal's dispatcher has already checked the session
 * and role; head office records the claim (and refuses manager-only requests whose claim
 * is a cashier) but cannot re-check a password it never sees.
 */
export const staffClaim = z.strictObject({
  id: uuid,
  name: line(80),
  role: z.enum(ROLES),
});
export type StaffClaim = z.output<typeof staffClaim>;

/** Terminal ledger kinds plus the two the service writes itself when members merge. */
export const JOURNAL_KINDS = [...LEDGER_KINDS, 'merge_out', 'merge_in'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];
export const terminalLedgerKind = z.enum(LEDGER_KINDS);

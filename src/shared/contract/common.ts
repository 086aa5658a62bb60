import { z } from 'zod';

/**
 * Building blocks shared by every area's schemas. Strings are bounded and free of
 * control characters so that a 100k-char or binary payload is a VALIDATION error,
 * never a row. Their own checks name their `rule` (zod's custom-issue params), which
 * VALIDATION details carry, so the renderer can say which one failed.
 */
// C0 (but tab and newlines, which `line` refuses separately), DEL and the C1 controls
// U+0080–U+009F: invisible, and some CSV readers and terminals act on them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function text(max: number, min = 0) {
  return (
    z
      .string()
      .max(max)
      // The limit holds after NFKC too (how names are compared and exported): 80 × U+FDFA
      // is 80 characters as typed and 1,440 once normalised.
      .refine((s) => s.length > max || s.normalize('NFKC').length <= max, {
        message: `at most ${max} characters once normalised`,
        params: { rule: 'tooLongNormalized', maximum: max },
      })
      .refine((s) => !CONTROL_CHARS.test(s), {
        message: 'must not contain control characters',
        params: { rule: 'controlChars' },
      })
      .refine((s) => s.trim().length >= min, {
        message: min > 0 ? 'must not be empty' : 'invalid',
        params: { rule: 'blank' },
      })
  );
}

/** A single-line label (name, reason, receipt number): no newlines either. */
export function line(max: number, min = 1) {
  return text(max, min).refine((s) => !/[\r\n\t]/.test(s), {
    message: 'must be a single line',
    params: { rule: 'multiLine' },
  });
}

/** Non-negative safe integer (minor units, points, counts). */
export const nonNegInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const posInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Money in minor units; bounded far below 2^53 so sums over many rows stay exact. */
export const minorUnits = z.number().int().min(0).max(1_000_000_000_00);
export const points = z.number().int().min(-1_000_000_000).max(1_000_000_000);
/**
 * `minorUnits` branded `Minor` (src/shared/units.ts) for the amounts channels take: the
 * parsed input a handler gets is typed money, not a bare number. Same checks; the brand
 * is compile-time only. Rule-set figures stay plain numbers (edited as configuration).
 * Points inputs add `.brand<'Points'>()` to their own bounds the same way.
 */
export const money = minorUnits.brand<'Minor'>();

/** Ids are UUIDv7 strings (time-ordered). */
export const id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'invalid id');
/** Client-generated idempotency key (any UUID). */
export const opId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'invalid operation id');
/** Epoch milliseconds. */
export const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);

export const password = z.string().min(8).max(200);

/** A staff user name (sign-in, staff admin). */
export const username = line(40).pipe(
  z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
);

export const empty = z.strictObject({});

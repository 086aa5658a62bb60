import { z } from 'zod';

/**
 * The pull cursor, opaque to terminals: `c1.` + base64url(JSON).
 * - `prev`: the snapshot (xmin:xmax:xip,…) up to which the terminal has everything;
 * - while a batch is being paged, `cur` (the snapshot the batch ends at), `after` (the
 *   last row delivered, as [txid, id]) and the `pushedThrough` read with `cur`.
 * A batch is the rows whose transaction is visible in `cur` and was not in `prev`; it
 * is a fixed set (those transactions have committed), paged in (txid, id) order.
 */
const snapshotText = z
  .string()
  .max(90_000)
  .regex(/^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/);

const cursorState = z.strictObject({
  v: z.literal(1),
  prev: snapshotText,
  cur: snapshotText.optional(),
  after: z.tuple([z.string().regex(/^\d{1,20}$/), z.number().int().min(0)]).optional(),
  pushedThrough: z.number().int().min(0).optional(),
});
export type CursorState = z.output<typeof cursorState>;

const PREFIX = 'c1.';

export function encodeCursor(state: CursorState): string {
  return PREFIX + Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** null when the cursor is not one this service wrote (or not well-formed). */
export function decodeCursor(cursor: string): CursorState | null {
  if (!cursor.startsWith(PREFIX)) return null;
  try {
    const parsed = cursorState.safeParse(JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString()));
    if (!parsed.success || !snapshotIsSane(parsed.data.prev)) return null;
    if (parsed.data.cur && !snapshotIsSane(parsed.data.cur)) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/** xmin ≤ every xip < xmax, as PostgreSQL requires of a pg_snapshot. */
function snapshotIsSane(text: string): boolean {
  const [xmin, xmax, xips] = text.split(':');
  const lo = BigInt(xmin);
  const hi = BigInt(xmax);
  if (lo > hi) return false;
  return xips === '' || xips.split(',').every((x) => BigInt(x) >= lo && BigInt(x) < hi);
}

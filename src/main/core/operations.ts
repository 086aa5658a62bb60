import { createHash } from 'node:crypto';
import type { Db } from './db/open-database';
import { AppError } from './errors';
import { stmt } from './db/statements';

/**
 * Idempotency for the store's writes: every channel declared `idempotent` in the
 * contract (points, rewards, member registration) gets it from the dispatcher. The log
 * table is `points_operations` because the points migration created it. A client-generated
 * operation id is recorded with a hash of its payload and the result, in the same
 * transaction as the write:
 * - same id, same payload → the first result again, nothing written (a retry after a
 *   lost reply, a double-click, a re-sent offline queue);
 * - same id, different payload → CONFLICT (a client bug; never guess which one is right).
 * Failed operations roll back their record too, so a retry after an error runs again.

 */

/** Keys never hashed: a PIN must not be recoverable from a stored digest. */
const NOT_HASHED = new Set(['opId', 'pin']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

export function payloadHash(channel: string, input: Record<string, unknown>): string {
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!NOT_HASHED.has(k)) payload[k] = v;
  return createHash('sha256')
    .update(JSON.stringify([channel, canonical(payload)]))
    .digest('hex');
}

/**
 * How a channel's result is kept in the log when the result itself must not be: a
 * member record (name, phone, email) would otherwise stay in `points_operations` for the
 * whole retention, after an erasure too. `store` keeps ids only; `load` re-reads them
 * for a retry. Registered by the area that owns the result (members/privacy.ts).
 */
export interface StoredResult {
  store(result: unknown): unknown;
  load(stored: unknown, db: Db): unknown;
}
const storedResults = new Map<string, StoredResult>();

export function registerStoredResult(channel: string, codec: StoredResult): void {
  storedResults.set(channel, codec);
}

/**
 * The first result of an operation id, if it was used before: the dispatcher returns
 * it instead of running the handler. Same id with another channel or payload: CONFLICT.
 * Runs inside the write transaction, before the handler.
 */
export function priorResult(
  db: Db,
  channel: string,
  input: { opId: string } & Record<string, unknown>,
): { value: unknown } | null {
  const prior = stmt(db, 'SELECT channel, payload_hash, result FROM points_operations WHERE op_id = ?').get(
    input.opId,
  ) as { channel: string; payload_hash: string; result: string } | undefined;
  if (!prior) return null;
  if (prior.channel !== channel || prior.payload_hash !== payloadHash(channel, input)) {
    throw new AppError('CONFLICT', 'This operation id was already used for a different request', {
      opId: input.opId,
    });
  }
  const stored = JSON.parse(prior.result) as unknown;
  const codec = storedResults.get(channel);
  return { value: codec ? codec.load(stored, db) : stored };
}

/** Records a finished operation's result, in the same transaction as its writes. */
export function recordOperation(
  db: Db,
  now: number,
  channel: string,
  input: { opId: string } & Record<string, unknown>,
  result: unknown,
): void {
  stmt(
    db,
    'INSERT INTO points_operations (op_id, channel, payload_hash, result, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(
    input.opId,
    channel,
    payloadHash(channel, input),
    JSON.stringify(storedResults.get(channel)?.store(result) ?? result),
    now,
  );
}

/** How long a finished operation can be retried and still get its first result back. */
export const OPERATION_RETENTION_DAYS = 90;

/**
 * Forgets operation records older than the retention (daily chore): they hold each
 * result as JSON and would otherwise grow with every award forever. A retry after that
 * runs again — an award is still refused by its receipt number.
 */
export function pruneOperations(db: Db, now: number, keepDays = OPERATION_RETENTION_DAYS): number {
  // Rows are in time order by seq: find the first one to keep (a walk over just the
  // rows being pruned), delete the range before it.
  const cutoff = now - keepDays * 86_400_000;
  const keep = db
    .prepare('SELECT seq FROM points_operations WHERE created_at >= ? ORDER BY seq LIMIT 1')
    .pluck()
    .get(cutoff) as number | undefined;
  const upTo = keep ?? Number.MAX_SAFE_INTEGER;
  return db.prepare('DELETE FROM points_operations WHERE seq < ? AND created_at < ?').run(upTo, cutoff).changes;
}

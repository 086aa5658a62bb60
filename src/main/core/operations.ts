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
 *
 * A result that must not stay in the log (a member record: name, phone, email, after an
 * erasure too) is stored as ids only: the channel's `storedResult` in the contract says
 * which, and which read re-reads them for a retry (the dispatcher does both).
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
  return { value: JSON.parse(prior.result) as unknown };
}

/**
 * After an erasure: the operations of `channel` whose stored result has these fields
 * (ids, see `storedResult`) forget their payload hash — a SHA-256 of the personal data
 * they carried, testable against guesses. A retry of such an op id is then a CONFLICT.
 */
export function forgetOperationPayloads(db: Db, channel: string, stored: Record<string, string>): number {
  const fields = Object.keys(stored);
  if (fields.length === 0 || fields.some((f) => !/^\w+$/.test(f))) throw new Error('stored result fields expected');
  const where = fields.map((f) => `json_extract(result, '$.${f}') = @${f}`).join(' AND ');
  return stmt(db, `UPDATE points_operations SET payload_hash = 'erased' WHERE channel = @channel AND ${where}`).run({
    ...stored,
    channel,
  }).changes;
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
  ).run(input.opId, channel, payloadHash(channel, input), JSON.stringify(result), now);
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

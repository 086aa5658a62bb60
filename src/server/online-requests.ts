import type { Caller, ServiceContext } from './context';
import type { PoolClient } from './db/pool';
import { withTx } from './db/tx';
import { conflict } from './errors';
import { payloadHash } from './push/payload-hash';

/**
 * Idempotency of online requests (card blocks, holds, redemptions, merges): the request
 * runs in one transaction that first takes a lock on its op id, so a retry that arrives
 * while the first attempt still runs waits for it and then gets its result — never a
 * second effect. Same op id + same request (and caller) → the first result with
 * `replay: true`; same op id + anything else → CONFLICT.
 */
export function callerKey(caller: Caller): string {
  return caller.kind === 'admin' ? 'admin' : `terminal:${caller.terminalId}`;
}

export async function idempotent<T extends { replay: boolean }>(
  ctx: ServiceContext,
  endpoint: string,
  caller: Caller,
  opId: string,
  request: unknown,
  work: (db: PoolClient, at: number) => Promise<T>,
): Promise<T> {
  const hash = payloadHash(endpoint, callerKey(caller), request);
  return withTx(ctx.pool, async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', [opId]);
    const r = await db.query('SELECT request_hash, result FROM online_requests WHERE op_id = $1', [opId]);
    const row = r.rows[0] as { request_hash: string; result: T } | undefined;
    if (row) {
      if (row.request_hash !== hash) {
        throw conflict('This operation id was already used for a different request', { opId, reason: 'opIdReused' });
      }
      return { ...row.result, replay: true };
    }
    const at = ctx.now();
    const result = await work(db, at);
    await db.query(
      `INSERT INTO online_requests (op_id, endpoint, caller, request_hash, result, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [opId, endpoint, callerKey(caller), hash, JSON.stringify(result), at],
    );
    return result;
  });
}

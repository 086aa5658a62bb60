import type { OpOutcome, PushOp } from '../../../shared/sync';
import { stmt } from '../db/statements';
import { flushOrphanCaptures, queueAuditRecords } from './outbox-step';
import { BONUS_TAKEN_BACK, takeBackRefusedBonus } from './refused-bonus';
import { failureOf } from './remote';
import { SyncFailure, type SyncDeps } from './state';
import type { SyncCall } from '../../../shared/sync';

/** Per push request (the protocol allows 500 and a few MB). */
export const PUSH_BATCH = 200;

interface OutboxRow {
  seq: number;
  op_id: string;
  kind: PushOp['kind'];
  at: number;
  staff: string | null;
  payload: string;
}

const toOp = (r: OutboxRow): PushOp =>
  ({
    seq: r.seq,
    opId: r.op_id,
    at: r.at,
    staff: r.staff ? JSON.parse(r.staff) : null,
    kind: r.kind,
    payload: JSON.parse(r.payload),
  }) as PushOp;

export interface PushSummary {
  sent: number;
  applied: number;
  rejected: number;
}

/**
 * Pushes the outbox oldest first, batch by batch, until nothing is pending. Every op is
 * sent exactly as it was written (the row never changes), so a retry after a lost answer
 * is the same op and head office gives its first outcome. Per answer, in one
 * transaction: ops up to `ackedThrough` are finished — done, or rejected/conflict with
 * head office's reason, kept for a manager and never sent again; a `resendFrom` (an op
 * lost on the way) just means the next batch starts there, which it does anyway.
 */
export async function pushOutbox(deps: SyncDeps, call: SyncCall): Promise<PushSummary> {
  const { db } = deps;
  flushOrphanCaptures(db, deps.config.now());
  while (queueAuditRecords(db, deps.config.now()) === 500) {
    // a long history (first push after enrolment): one op per 500 records
  }
  const summary: PushSummary = { sent: 0, applied: 0, rejected: 0 };
  for (let round = 0; round < 1000; round++) {
    const rows = stmt(
      db,
      "SELECT seq, op_id, kind, at, staff, payload FROM sync_outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
    ).all(PUSH_BATCH) as OutboxRow[];
    if (rows.length === 0) return summary;
    const depth = stmt(db, "SELECT count(*) FROM sync_outbox WHERE state = 'pending'").pluck().get() as number;
    const res = await call('sync:push', { ops: rows.map(toOp), outbox: { depth, oldestAt: rows[0].at } });
    if (!res.ok) throw failureOf(res.error);
    const { outcomes, ackedThrough } = res.value;
    summary.sent += rows.length;
    const now = deps.config.now();
    const before = rows[0].seq;
    db.transaction(() => {
      const byseq = new Map<number, OpOutcome>(outcomes.map((o) => [o.seq, o]));
      for (const r of rows) {
        if (r.seq > ackedThrough) break;
        const o = byseq.get(r.seq);
        const state = o?.status === 'rejected' ? 'rejected' : o?.status === 'conflict' ? 'conflict' : 'done';
        if (state === 'done') summary.applied++;
        else summary.rejected++;
        stmt(
          db,
          "UPDATE sync_outbox SET state = ?, reason = ?, message = ?, answered_at = ? WHERE seq = ? AND state = 'pending'",
        ).run(state, o?.reason ?? null, o?.message ?? null, now, r.seq);
        // A bonus another terminal gave first: taken back here (sync/refused-bonus.ts).
        if (state === 'rejected' && o?.reason === BONUS_TAKEN_BACK && r.kind === 'points.ledger') {
          takeBackRefusedBonus(db, deps.terminalId, now, r);
        }
      }
      stmt(db, 'UPDATE sync_state SET acked_through = max(acked_through, ?) WHERE id = 1').run(ackedThrough);
    }).immediate();
    // Head office recorded nothing of this batch and asks for nothing earlier: stop
    // rather than loop (the next round tries again after a back-off).
    if (ackedThrough < before && res.value.resendFrom === null) return summary;
    if (res.value.resendFrom !== null && res.value.resendFrom < before) {
      throw new SyncFailure(
        `Head office asks again for operations from ${res.value.resendFrom}, which this terminal already finished`,
        'refused',
      );
    }
  }
  return summary;
}

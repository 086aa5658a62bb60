import type { OpOutcome, PushOp, PushResult } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import type { PoolClient } from '../db/pool';
import { withTx } from '../db/tx';
import { invalid } from '../errors';
import { applyInSavepoint, type ApplyEnv } from './apply';
import { outcome, type Applied } from './outcome';
import { lockAllMemberKeys } from './parking';
import { payloadHash } from './payload-hash';

/**
 * Ingest of a terminal's batch, in one transaction holding the terminal's row lock (two
 * copies of the same push — a retry racing its original — run one after the other, and
 * the second finds everything recorded):
 *
 * - seq below the next expected one: already recorded → its recorded outcome (replay);
 * - seq equal: recorded now, whatever the outcome (applied, parked, rejected, conflict),
 *   and the expected seq moves on — nothing ever blocks the queue;
 * - seq above: a gap (an op lost on the way) → stop and ask for a resend from the first
 *   missing one; the ops after the gap are not looked at.
 *
 * An op id seen before: same payload hash → the first outcome; another hash → conflict.
 */

type Row = {
  op_id: string;
  seq: number;
  kind: PushOp['kind'];
  payload_hash: string;
  status: Applied['status'];
  reason: string | null;
  message: string | null;
  balance: number | null;
};

/** What the idempotency hash covers: everything but the sequence number. */
export const opHash = (op: PushOp) => payloadHash(op.kind, op.at, op.staff, op.payload);

export async function pushOps(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { ops: PushOp[]; outbox?: { depth: number; oldestAt: number | null } },
): Promise<PushResult> {
  for (let i = 1; i < input.ops.length; i++) {
    if (input.ops[i].seq <= input.ops[i - 1].seq) {
      throw invalid('Operations must be sent in increasing seq order', { field: `ops.${i}.seq` });
    }
  }
  return withTx(ctx.pool, async (db) => {
    const at = ctx.now();
    const t = await db.query('SELECT next_seq FROM terminals WHERE id = $1 FOR UPDATE', [caller.terminalId]);
    let next = t.rows[0].next_seq as number;
    await lockAllMemberKeys(
      db,
      input.ops.filter((op) => op.seq >= next),
    );
    const outcomes: OpOutcome[] = [];
    let resendFrom: number | null = null;
    for (const op of input.ops) {
      if (op.seq < next) {
        outcomes.push(await replaySlot(db, caller.terminalId, op));
      } else if (op.seq > next) {
        resendFrom = next;
        break;
      } else {
        outcomes.push(await ingestOne(ctx, db, caller, op, at));
        next++;
      }
    }
    await db.query(
      `UPDATE terminals SET next_seq = $2, last_push_at = $5,
         outbox_depth = coalesce($3, outbox_depth), outbox_oldest_at = CASE WHEN $3::int IS NULL THEN outbox_oldest_at ELSE $4 END,
         outbox_reported_at = CASE WHEN $3::int IS NULL THEN outbox_reported_at ELSE $5 END
       WHERE id = $1`,
      [caller.terminalId, next, input.outbox?.depth ?? null, input.outbox?.oldestAt ?? null, at],
    );
    return { outcomes, ackedThrough: next - 1, resendFrom, serverTime: at };
  });
}

async function replaySlot(db: PoolClient, terminalId: string, op: PushOp): Promise<OpOutcome> {
  const hash = opHash(op);
  const r = await db.query('SELECT * FROM sync_ops WHERE terminal_id = $1 AND seq = $2', [terminalId, op.seq]);
  const row = r.rows[0] as Row | undefined;
  if (row) {
    if (row.op_id === op.opId && row.payload_hash === hash) return outcome(op, row, true);
    const reason = row.op_id === op.opId ? 'opIdReused' : 'seqReused';
    return outcome(
      op,
      { status: 'conflict', reason, message: `seq ${op.seq} was recorded for another operation` },
      true,
    );
  }
  const c = await db.query('SELECT * FROM sync_conflicts WHERE terminal_id = $1 AND seq = $2', [terminalId, op.seq]);
  const conflictRow = c.rows[0] as { op_id: string; reason: string; payload_hash: string } | undefined;
  if (conflictRow && conflictRow.op_id === op.opId && conflictRow.payload_hash === hash) {
    if (conflictRow.reason === 'opResent') {
      const first = await db.query('SELECT * FROM sync_ops WHERE op_id = $1', [op.opId]);
      return outcome(op, first.rows[0] as Row, true);
    }
    return outcome(op, { status: 'conflict', reason: conflictRow.reason, message: conflictMessage }, true);
  }
  return outcome(
    op,
    { status: 'conflict', reason: 'seqReused', message: `seq ${op.seq} was recorded for another operation` },
    true,
  );
}

const conflictMessage = 'This operation id was already used for a different operation: it was not applied';

async function ingestOne(
  ctx: ServiceContext,
  db: PoolClient,
  caller: TerminalCaller,
  op: PushOp,
  at: number,
): Promise<OpOutcome> {
  const hash = opHash(op);
  const prior = await db.query('SELECT * FROM sync_ops WHERE op_id = $1', [op.opId]);
  const first = prior.rows[0] as Row | undefined;
  if (first) {
    const reason = first.payload_hash === hash ? 'opResent' : 'opIdReused';
    await db.query(
      `INSERT INTO sync_conflicts (terminal_id, seq, op_id, reason, payload_hash, payload, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [caller.terminalId, op.seq, op.opId, reason, hash, JSON.stringify(op.payload), at],
    );
    if (reason === 'opResent') return outcome(op, first, true);
    return outcome(op, { status: 'conflict', reason, message: conflictMessage }, false);
  }
  const env = applyEnv(ctx, db, caller.terminalId, caller.storeId, at);
  const result = await applyInSavepoint(env, op);
  await db.query(
    `INSERT INTO sync_ops (op_id, terminal_id, store_id, seq, kind, payload_hash, payload, staff, occurred_at, received_at,
       status, reason, message, balance, parked_member_id, parked_card, applied_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      op.opId,
      caller.terminalId,
      caller.storeId,
      op.seq,
      op.kind,
      hash,
      JSON.stringify(result.scrubPayload ? { erased: true } : op.payload),
      op.staff ? JSON.stringify(op.staff) : null,
      op.at,
      at,
      result.status,
      result.reason,
      result.message,
      result.balance,
      result.parkedMemberId ?? null,
      result.parkedCard ?? null,
      result.status === 'applied' ? at : null,
    ],
  );
  return outcome(op, result, false);
}

function applyEnv(ctx: ServiceContext, db: PoolClient, terminalId: string, storeId: string, at: number): ApplyEnv {
  return {
    db,
    terminalId,
    storeId,
    at,
    resolveParked: (member) => resolveParked(ctx, db, member, at),
  };
}

/**
 * A registration arrived: the ops parked on that member id or card are applied now, in
 * the order they were received, each with the terminal and store that pushed it. Their
 * terminals were already answered 'parked' and forgot them; head office finishes them.
 */
async function resolveParked(
  ctx: ServiceContext,
  db: PoolClient,
  member: { memberId: string; cardNumber: string },
  at: number,
): Promise<void> {
  const parked = await db.query(
    `SELECT op_id, terminal_id, store_id, seq, kind, payload, staff, occurred_at FROM sync_ops
     WHERE status = 'parked' AND (parked_member_id = $1 OR parked_card = $2)
     ORDER BY received_at, terminal_id, seq FOR UPDATE`,
    [member.memberId, member.cardNumber],
  );
  for (const p of parked.rows) {
    const op = {
      seq: p.seq,
      opId: p.op_id,
      at: p.occurred_at,
      staff: p.staff,
      kind: p.kind,
      payload: p.payload,
    } as PushOp;
    const result = await applyInSavepoint(applyEnv(ctx, db, p.terminal_id, p.store_id, at), op);
    if (result.status === 'parked') continue;
    await db.query(
      `UPDATE sync_ops SET status = $2, reason = $3, message = $4, balance = $5, parked_member_id = NULL,
         parked_card = NULL, applied_at = $6 WHERE op_id = $1`,
      [p.op_id, result.status, result.reason, result.message, result.balance, result.status === 'applied' ? at : null],
    );
  }
}

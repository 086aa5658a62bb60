import type { PushOp } from '../../shared/sync';
import type { PoolClient } from '../db/pool';
import { applyAuditAppend } from './apply-audit';
import { applyMemberErase, applyMemberRegister, applyMemberUpdate } from './apply-member';
import { applyGoalsMove } from './apply-goals';
import { applyPointsAward, applyPointsLedger } from './apply-points';
import { applyMemberReferral, applyVoucherUse } from './apply-vouchers';
import { OpRejected, type Applied } from './outcome';

/** Where an op is applied: its own terminal and store (a parked op keeps those of the terminal that pushed it). */
export interface ApplyEnv {
  db: PoolClient;
  terminalId: string;
  storeId: string;
  /** Head office's clock now. */
  at: number;
  /** Applies the ops parked on this member (called by a registration). */
  resolveParked(member: { memberId: string; cardNumber: string }): Promise<void>;
}

export async function applyOp(env: ApplyEnv, op: PushOp): Promise<Applied> {
  switch (op.kind) {
    case 'member.register':
      return applyMemberRegister(env, op);
    case 'member.update':
      return applyMemberUpdate(env, op);
    case 'member.erase':
      return applyMemberErase(env, op);
    case 'points.award':
      return applyPointsAward(env, op);
    case 'points.ledger':
      return applyPointsLedger(env, op);
    case 'audit.append':
      return applyAuditAppend(env, op);
    case 'goals.move':
      return applyGoalsMove(env, op);
    case 'voucher.use':
      return applyVoucherUse(env, op);
    case 'member.referral':
      return applyMemberReferral(env, op);
  }
}

/** Postgres errors that mean "this op can never apply" rather than "try again". */
const PERMANENT = new Map<string, string>([
  ['journal_id_key', 'entryIdReused'],
  ['goal_journal_id_key', 'entryIdReused'],
  ['vouchers_pkey', 'voucherIdReused'],
  ['members_card_number_key', 'cardTaken'],
  ['members_pkey', 'memberExists'],
]);

/**
 * Runs one op inside a savepoint: a rejection (or an integrity/data error — the op can
 * never apply) undoes only that op. Anything else (connection lost, deadlock) aborts the
 * whole push so the terminal retries it.
 */
export async function applyInSavepoint(env: ApplyEnv, op: PushOp): Promise<Applied> {
  await env.db.query('SAVEPOINT op');
  try {
    const result = await applyOp(env, op);
    await env.db.query('RELEASE SAVEPOINT op');
    return result;
  } catch (err) {
    const pgErr = err as { code?: string; constraint?: string; message?: string };
    let rejection: { reason: string; message: string } | null = null;
    if (err instanceof OpRejected) rejection = { reason: err.reason, message: err.message };
    else if (pgErr.code?.startsWith('23') || pgErr.code?.startsWith('22')) {
      rejection = {
        reason: PERMANENT.get(pgErr.constraint ?? '') ?? 'invalidData',
        message: pgErr.message ?? 'the operation conflicts with head office data',
      };
    }
    if (!rejection) throw err;
    await env.db.query('ROLLBACK TO SAVEPOINT op');
    await env.db.query('RELEASE SAVEPOINT op');
    return { status: 'rejected', reason: rejection.reason, message: rejection.message, balance: null };
  }
}

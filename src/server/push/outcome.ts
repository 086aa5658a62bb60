import type { OpKind, OpOutcome, OpStatus } from '../../shared/sync';

/**
 * A permanent refusal of one pushed operation: recorded with its reason, answered as
 * `rejected`, and the terminal's queue moves on past it. Thrown inside the op's savepoint,
 * so nothing the op wrote stays.
 */
export class OpRejected extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'OpRejected';
  }
}

/** What applying an op produced (before it is recorded). */
export interface Applied {
  status: Exclude<OpStatus, 'conflict'>;
  reason: string | null;
  message: string | null;
  balance: number | null;
  parkedMemberId?: string | null;
  parkedCard?: string | null;
  /** Record the payload without its personal data (the member was erased). */
  scrubPayload?: boolean;
}

export const applied = (
  balance: number | null,
  reason: string | null = null,
  message: string | null = null,
): Applied => ({
  status: 'applied',
  reason,
  message,
  balance,
});

export function outcome(
  op: { seq: number; opId: string; kind: OpKind },
  a:
    | Pick<Applied, 'status' | 'reason' | 'message' | 'balance'>
    | { status: 'conflict'; reason: string; message: string },
  replay: boolean,
): OpOutcome {
  return {
    seq: op.seq,
    opId: op.opId,
    kind: op.kind,
    status: a.status,
    replay,
    reason: a.reason ?? null,
    message: a.message ?? null,
    balance: 'balance' in a ? (a.balance ?? null) : null,
  };
}

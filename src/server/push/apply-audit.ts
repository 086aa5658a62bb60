import { createHash } from 'node:crypto';
import type { AuditRecord, PushOpOf } from '../../shared/sync';
import { applied, type Applied } from './outcome';
import type { ApplyEnv } from './apply';

/**
 * A terminal's audit chain, pushed in order. Head office keeps what it received and
 * accepts only records that extend it: the next seq, linked to the last hash it holds.
 * A record it already holds must come back byte-for-byte the same — a terminal whose
 * history was rewritten and re-hashed after a push can no longer extend head office's
 * copy, and the break is recorded (audit_breaks) and reported. A record linked by plain
 * SHA-256 (an unkeyed chain, or a keyed chain's history from before it was keyed:
 * src/main/core/audit/chain.ts) also has its digest recomputed; an HMAC needs the
 * terminal's key, so for those only links are checked.
 *
 * A restore is the one deliberate rewind (`restoredFrom`, sync/restore-carry.ts): the
 * batch names the restored head; when head office holds exactly that record, the records
 * after it move to `audit_rewound` under an `audit_forks` row (what was rewound, when, by
 * which op) and the batch extends the chain from there. A head it does not hold is a
 * break (`forkUnknown`), so a terminal cannot rewrite history by calling it a restore:
 * the rewound span stays at head office, readable, and the fork is reported.
 */
const GENESIS = '0'.repeat(64);

/** The bytes the terminal's unkeyed chain hashes (same field order as audit-log.ts). */
export function auditDigest(r: AuditRecord): string {
  const canonical = JSON.stringify([
    r.seq,
    r.id,
    r.at,
    r.terminalId,
    r.actorId,
    r.actorName,
    r.action,
    r.target,
    r.details,
    r.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function recordHash(env: ApplyEnv, seq: number): Promise<string | null> {
  const r = await env.db.query('SELECT hash FROM audit_records WHERE terminal_id = $1 AND seq = $2', [
    env.terminalId,
    seq,
  ]);
  return (r.rows[0]?.hash as string | undefined) ?? null;
}

export async function applyAuditAppend(env: ApplyEnv, op: PushOpOf<'audit.append'>): Promise<Applied> {
  const { db } = env;
  const { scheme, records } = op.payload;
  const last = await db.query('SELECT seq, hash FROM audit_records WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1', [
    env.terminalId,
  ]);
  let headSeq: number = last.rows[0]?.seq ?? 0;
  let headHash: string = last.rows[0]?.hash ?? GENESIS;
  let stored = 0;
  const broken = async (seq: number, reason: string, message: string): Promise<Applied> => {
    await db.query(
      'INSERT INTO audit_breaks (terminal_id, seq, reason, op_id, received_at) VALUES ($1, $2, $3, $4, $5)',
      [env.terminalId, seq, reason, op.opId, env.at],
    );
    return { ...applied(null), status: 'rejected', reason: 'auditChainBroken', message: `record ${seq}: ${message}` };
  };
  const from = op.payload.restoredFrom;
  if (from && from.seq < headSeq) {
    // A backup restored at the terminal: the chain continues from a record head office
    // must already hold, exactly; the records after it are kept as the rewound span.
    const have = from.seq === 0 ? GENESIS : await recordHash(env, from.seq);
    if (have !== from.hash) {
      return broken(from.seq + 1, 'forkUnknown', 'the restored head is not a record head office holds');
    }
    const fork = await db.query(
      `INSERT INTO audit_forks (terminal_id, from_seq, from_hash, rewound_through, op_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [env.terminalId, from.seq, from.hash, headSeq, op.opId, env.at],
    );
    await db.query(
      `WITH gone AS (DELETE FROM audit_records WHERE terminal_id = $1 AND seq > $2 RETURNING *)
       INSERT INTO audit_rewound SELECT $3::bigint, gone.* FROM gone`,
      [env.terminalId, from.seq, fork.rows[0].id],
    );
    headSeq = from.seq;
    headHash = from.hash;
  }
  for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
    if (r.terminalId !== env.terminalId)
      return broken(r.seq, 'otherTerminal', 'the record belongs to another terminal');
    if (r.seq <= headSeq) {
      const have = await db.query('SELECT hash FROM audit_records WHERE terminal_id = $1 AND seq = $2', [
        env.terminalId,
        r.seq,
      ]);
      if (have.rows[0]?.hash === r.hash) continue;
      return broken(r.seq, 'rewritten', 'differs from the record head office already holds');
    }
    if (r.seq !== headSeq + 1) return broken(r.seq, 'gap', `expected record ${headSeq + 1}`);
    if (r.prevHash !== headHash) return broken(r.seq, 'badLink', 'does not link to the previous record');
    const link = r.link ?? (scheme === 'sha256-chain-v1' ? 'sha256' : 'hmac-sha256');
    if (link === 'sha256' && auditDigest(r) !== r.hash) {
      return broken(r.seq, 'badDigest', 'its hash does not match its content');
    }
    await db.query(
      `INSERT INTO audit_records (terminal_id, seq, id, at, actor_id, actor_name, action, target, details, prev_hash,
         hash, scheme, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        env.terminalId,
        r.seq,
        r.id,
        r.at,
        r.actorId,
        r.actorName,
        r.action,
        r.target,
        r.details,
        r.prevHash,
        r.hash,
        scheme,
        env.at,
      ],
    );
    headSeq = r.seq;
    headHash = r.hash;
    stored++;
  }
  return applied(null, null, `${stored} audit records stored; head ${headSeq}`);
}

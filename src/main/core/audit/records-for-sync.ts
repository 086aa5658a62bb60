import type { AuditRecord } from '../../../shared/sync';
import type { ReadDb } from '../db/open-database';
import type { AuditRow, Link } from './chain';

/**
 * The audit records after `afterSeq`, exactly as stored, for head office to hold and
 * verify (core/sync pushes them as `audit.append`): a history rewritten on the terminal
 * later cannot match what head office already has.
 */
export function auditRecordsAfter(db: ReadDb, afterSeq: number, limit: number): AuditRecord[] {
  const rows = db
    .prepare(
      `SELECT seq, id, at, terminal_id, actor_id, actor_name, action, target, details, prev_hash, hash, link
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .all(afterSeq, limit) as (AuditRow & { link: Link })[];
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at,
    terminalId: r.terminal_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
    link: r.link,
  }));
}

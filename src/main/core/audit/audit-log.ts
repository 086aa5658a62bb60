import { createHash } from 'node:crypto';
import type { Db, ReadDb } from '../db/open-database';
import { newId } from '../ids';
import { stmt } from '../db/statements';
import type { AuditVerifyResult } from '../../../shared/contract';

const GENESIS = '0'.repeat(64);

export interface AuditRecordInput {
  at: number;
  terminalId: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/**
 * The exact bytes a record's hash covers. Fixed field order, JSON-encoded, so the
 * verifier recomputes the same digest regardless of how SQLite returns the row.
 */
function canonical(r: AuditRecordInput & { id: string; seq: number }, details: string, prevHash: string) {
  return JSON.stringify([
    r.seq,
    r.id,
    r.at,
    r.terminalId,
    r.actorId,
    r.actorName,
    r.action,
    r.target,
    details,
    prevHash,
  ]);
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Appends one record chained to the previous one. Must run inside the caller's
 * transaction so the record commits (or rolls back) with the change it describes.
 */
export function appendAudit(db: Db, rec: AuditRecordInput): void {
  const last = stmt(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const id = newId();
  const details = JSON.stringify(rec.details);
  const hash = sha256(canonical({ ...rec, id, seq }, details, prevHash));
  stmt(
    db,
    `INSERT INTO audit_log (seq, id, at, terminal_id, actor_id, actor_name, action, target, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, id, rec.at, rec.terminalId, rec.actorId, rec.actorName, rec.action, rec.target, details, prevHash, hash);
}

interface AuditRow {
  seq: number;
  id: string;
  at: number;
  terminal_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** For other areas (a member's data export): the records about one target, oldest first. */
export function auditTrailOf(
  db: ReadDb,
  target: string,
): { at: number; action: string; actor_name: string | null; details: string }[] {
  return db
    .prepare('SELECT at, action, actor_name, details FROM audit_log WHERE target = ? ORDER BY seq')
    .all(target) as { at: number; action: string; actor_name: string | null; details: string }[];
}

/** Walks the whole chain; the first record whose link or digest is wrong is reported. */
export function verifyAuditChain(db: ReadDb): AuditVerifyResult {
  let prev = GENESIS;
  let checked = 0;
  let expectedSeq = 1;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    const digest = sha256(
      canonical(
        {
          seq: row.seq,
          id: row.id,
          at: row.at,
          terminalId: row.terminal_id,
          actorId: row.actor_id,
          actorName: row.actor_name,
          action: row.action,
          target: row.target,
          details: {},
        },
        row.details,
        prev,
      ),
    );
    if (row.seq !== expectedSeq || row.prev_hash !== prev || row.hash !== digest) {
      return { ok: false, checked, brokenAt: row.seq };
    }
    prev = row.hash;
    checked++;
    expectedSeq++;
  }
  return { ok: true, checked };
}

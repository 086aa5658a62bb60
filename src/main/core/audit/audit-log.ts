import type { ReadDb } from '../db/open-database';
import type { AuditVerifyResult } from '../../../shared/contract';
import { readMeta } from '../meta';
import { verifyChainIntegrity } from './chain';
import { readExportedHead, relationTo } from './exported-head';

export {
  appendAudit,
  chainHead,
  GENESIS,
  type AuditRecordInput,
  type ChainHead,
  LINK_HMAC,
  LINK_SHA256,
} from './chain';

/**
 * The whole check `audit:verify` runs: every record's link and MAC (chain.ts), then
 * whether the chain still extends the head of the last export, which is kept outside
 * the database file (exported-head.ts). A chain that verifies on its own but no longer
 * contains what was exported — rewritten with the key, truncated, or an older copy of
 * the file swapped in — is reported as broken at the exported head's seq.
 */
export function verifyAuditChain(db: ReadDb, opts: { fromSeq?: number } = {}): AuditVerifyResult {
  const integrity = verifyChainIntegrity(db, opts);
  const { head, problems } = readExportedHead(db, readMeta(db, 'terminal_id') ?? '');
  const relation = head ? relationTo(db, head) : null;
  const extendsHead = relation === null ? null : relation !== 'missing';
  const result: AuditVerifyResult = {
    ...integrity,
    exportedHead: head ? { seq: head.seq, hash: head.hash } : null,
    extendsExportedHead: extendsHead,
    warnings: problems,
  };
  if (extendsHead === false) {
    result.ok = false;
    if (result.brokenAt === undefined) {
      result.brokenAt = head!.seq;
      result.problem = 'the chain no longer extends the head of the last export';
    }
  }
  return result;
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

/**
 * For other areas (the staff area's repeated-failure alert): how many records of these
 * actions since `since`, and when the last one was. Reads the tail only (`at` grows with
 * `seq`), so it stays cheap however long the log is.
 */
export function recentActionCounts(
  db: ReadDb,
  actions: readonly string[],
  since: number,
): { counts: Record<string, number>; lastAt: number | null } {
  const counts: Record<string, number> = Object.fromEntries(actions.map((a) => [a, 0]));
  let lastAt: number | null = null;
  const rows = db
    .prepare(
      `SELECT action, count(*) AS n, max(at) AS last FROM audit_log
        WHERE seq > coalesce((SELECT max(seq) FROM audit_log WHERE at < @since), 0)
          AND action IN (SELECT value FROM json_each(@actions)) GROUP BY action`,
    )
    .all({ since, actions: JSON.stringify(actions) }) as { action: string; n: number; last: number }[];
  for (const r of rows) {
    counts[r.action] = r.n;
    lastAt = Math.max(lastAt ?? 0, r.last);
  }
  return { counts, lastAt };
}

/**
 * For other areas (members' "Show contact" limit): one actor's records of one action
 * after `since` — how many, and when the first was. A range on the time index, so it
 * reads the last hour only, however long the actor's history.
 */
export function recentActionsBy(
  db: ReadDb,
  action: string,
  actorId: string,
  since: number,
): { count: number; firstAt: number | null } {
  const r = db
    .prepare(
      `SELECT count(*) AS n, min(at) AS first FROM audit_log INDEXED BY audit_log_at
        WHERE at > ? AND action = ? AND actor_id = ?`,
    )
    .get(since, action, actorId) as { n: number; first: number | null };
  return { count: r.n, firstAt: r.first };
}

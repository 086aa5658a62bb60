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

import type { Db } from '../db/open-database';
import type { StartupCheck } from '../startup-checks';
import { appendAudit } from './audit-log';
import { chainHead, verifyChainIntegrity } from './chain';
import { readExportedHead, relationTo } from './exported-head';

/**
 * The terminal's own watch over its audit chain, at start-up and daily (and before each
 * export, run-export.ts): does the chain still extend the head of the last export (kept
 * outside the database file), and do the records since then verify with the key?
 * Start-up checks only the records after the exported head (at most the last
 * STARTUP_TAIL), so a large store still opens quickly; the daily check walks the whole
 * chain. A problem is reported and audited (`audit.checkFailed`), never "fixed".
 */
export const STARTUP_TAIL = 5_000;

export interface ChainCheck {
  problems: string[];
  exportedHead: { seq: number; hash: string } | null;
  extendsExportedHead: boolean | null;
  checked: number;
}

export function checkAuditChain(db: Db, terminalId: string, scope: 'tail' | 'full'): ChainCheck {
  const { head, problems } = readExportedHead(db, terminalId);
  const out = [...problems];
  const relation = head ? relationTo(db, head) : null;
  if (head && relation === 'missing') {
    out.push(
      `the audit chain no longer contains record #${head.seq} exported on ${new Date(head.at).toISOString()}: ` +
        'it was rewritten, cut short or the store was replaced by an older copy',
    );
  }
  let fromSeq = 1;
  if (scope === 'tail') {
    const tail = chainHead(db)?.seq ?? 0;
    fromSeq = Math.max(1, tail - STARTUP_TAIL + 1, head && relation === 'extends' ? head.seq + 1 : 1);
  }
  const integrity = verifyChainIntegrity(db, { fromSeq });
  if (!integrity.ok) out.push(`the audit chain is broken at record #${integrity.brokenAt}: ${integrity.problem}`);
  return {
    problems: out,
    exportedHead: head ? { seq: head.seq, hash: head.hash } : null,
    extendsExportedHead: relation === null ? null : relation !== 'missing',
    checked: integrity.checked,
  };
}

function runAndAudit(db: Db, now: number, terminalId: string, scope: 'tail' | 'full'): string[] {
  const check = checkAuditChain(db, terminalId, scope);
  if (check.problems.length > 0) {
    db.transaction(() =>
      appendAudit(db, {
        at: now,
        terminalId,
        actorId: null,
        actorName: null,
        action: 'audit.checkFailed',
        target: null,
        details: { scope, problems: check.problems, exportedHead: check.exportedHead },
      }),
    ).immediate();
  }
  return check.problems;
}

export const auditChainStartupCheck: StartupCheck = {
  name: 'audit-chain',
  run: (db, now, terminalId) => runAndAudit(db, now, terminalId, 'tail'),
};

export const auditChainDailyCheck: StartupCheck = {
  name: 'audit-chain-full',
  supersedes: auditChainStartupCheck.name,
  run: (db, now, terminalId) => runAndAudit(db, now, terminalId, 'full'),
};

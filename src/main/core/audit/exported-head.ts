import type { Db, ReadDb } from '../db/open-database';
import { storeSecurityOf } from '../keys/bound-keys';
import { readKeyedJson, writeKeyedJson } from '../keys/keyed-json';
import { hashAt, isGenuineRecord, type AuditRow, type ChainHead } from './chain';
import { lastSuccessfulExport } from '../offline/export/export-runs';

/**
 * The anchor of the audit chain outside the database file: the head (seq, hash) of the
 * last export. Head office holds every exported record, so once a head has left the
 * terminal, history up to it can no longer be rewritten, truncated or swapped for an
 * older copy without the chain failing to extend it — here at start-up, daily and
 * before each export, and at head office from the export files alone
 * (verify-export-folder.ts).
 *
 * Kept in a MACed file beside the store (`<store>.exported-head.json`), not in the
 * database: a store swapped for an older copy would carry an older head with it. The
 * last export run in the database records the head too; the two are compared, so
 * deleting the file is noticed as long as the database still remembers an export.
 */
export interface ExportedHead extends ChainHead {
  exportId: string;
  at: number;
}

export const EXPORTED_HEAD_LABEL = 'perkdesk exported audit head v1';

interface HeadFile {
  terminalId: string;
  exported: ExportedHead;
}

export function writeExportedHead(db: Db, terminalId: string, head: ExportedHead): void {
  const sec = storeSecurityOf(db);
  if (!sec?.exportedHeadPath) return;
  writeKeyedJson(sec.exportedHeadPath, sec.keys.files, EXPORTED_HEAD_LABEL, {
    terminalId,
    exported: head,
  } satisfies HeadFile);
}

/** The audit head the store itself recorded with its newest successful export (null before any). */
function headInStore(db: ReadDb): ExportedHead | null {
  const run = lastSuccessfulExport(db);
  const head = run?.watermark.auditHead;
  return run && head ? { ...head, exportId: run.id, at: run.finishedAt } : null;
}

export interface ExportedHeadReading {
  head: ExportedHead | null;
  problems: string[];
}

/** The head to check against, and anything wrong with where it is kept. */
export function readExportedHead(db: ReadDb, terminalId: string): ExportedHeadReading {
  const sec = storeSecurityOf(db);
  const inStore = headInStore(db);
  if (!sec?.exportedHeadPath) return { head: inStore, problems: [] };
  const file = readKeyedJson<HeadFile>(sec.exportedHeadPath, sec.keys.files, EXPORTED_HEAD_LABEL);
  if (file.status === 'ok') {
    if (file.value.terminalId !== terminalId) {
      return {
        head: inStore,
        problems: [`the exported-head file belongs to terminal ${file.value.terminalId}, not this store`],
      };
    }
    return { head: file.value.exported, problems: [] };
  }
  if (file.status === 'invalid') {
    return { head: inStore, problems: [`the exported-head file ${sec.exportedHeadPath} ${file.reason}`] };
  }
  return inStore
    ? { head: inStore, problems: [`the exported-head file ${sec.exportedHeadPath} is missing`] }
    : { head: null, problems: [] };
}

export type HeadRelation = 'extends' | 'acknowledged' | 'missing';

/**
 * Does the chain still contain `head`? 'extends': the record at head.seq has that
 * hash (and, the chain being linked, everything before it is what was exported).
 * 'acknowledged': it does not, but a genuine (MAC-checked) `backup.restored` record
 * names this head as the one the owner's restore went back from — a rollback the owner
 * chose and head office will see. Anything else is 'missing'.
 */
export function relationTo(db: ReadDb, head: ChainHead): HeadRelation {
  if (hashAt(db, head.seq) === head.hash) return 'extends';
  const restores = db
    .prepare("SELECT * FROM audit_log WHERE action = 'backup.restored' ORDER BY seq DESC")
    .all() as AuditRow[];
  for (const row of restores) {
    const abandoned = (JSON.parse(row.details) as { abandoned?: { exportedHead?: ChainHead | null } }).abandoned;
    const named = abandoned?.exportedHead;
    if (named && named.seq === head.seq && named.hash === head.hash && isGenuineRecord(db, row)) {
      return 'acknowledged';
    }
  }
  return 'missing';
}

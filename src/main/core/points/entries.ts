import type { ReadDb } from '../db/open-database';
import type { LedgerEntryDto } from '../../../shared/contract/points';
import { stmt } from '../db/statements';
import { parseFacts } from '../../../shared/explain/facts';
import { staffDisplayNames } from '../staff/staff-repo';
import type { Points } from '../../../shared/units';

interface EntryRow {
  id: string;
  member_id: string;
  kind: LedgerEntryDto['kind'];
  points: Points;
  balance_after: Points;
  reason: string | null;
  facts: string;
  rule_version: number | null;
  ref_id: string | null;
  terminal_id: string;
  staff_id: string | null;
  created_at: number;
  seq: number;
}

const SELECT = `SELECT l.* FROM points_ledger l`;

/** Entries with the name of the staff member who made each (from the staff area). */
function toDtos(db: ReadDb, rows: EntryRow[]): LedgerEntryDto[] {
  const names = staffDisplayNames(
    db,
    rows.map((r) => r.staff_id),
  );
  return rows.map((r) => toDto(r, r.staff_id === null ? null : (names.get(r.staff_id) ?? null)));
}

function toDto(r: EntryRow, staffName: string | null): LedgerEntryDto {
  return {
    id: r.id,
    memberId: r.member_id,
    kind: r.kind,
    points: r.points,
    balanceAfter: r.balance_after,
    facts: parseFacts(r.facts),
    reason: r.reason,
    ruleVersion: r.rule_version,
    refId: r.ref_id,
    terminalId: r.terminal_id,
    staffName,
    createdAt: r.created_at,
  };
}

export function entryById(db: ReadDb, id: string): LedgerEntryDto {
  return toDtos(db, [stmt(db, `${SELECT} WHERE l.id = ?`).get(id) as EntryRow])[0];
}

/** Newest first, on the (member_id, seq) index; `beforeId` pages back. */
export function memberHistory(db: ReadDb, memberId: string, limit: number, beforeId?: string): LedgerEntryDto[] {
  let beforeSeq = Number.MAX_SAFE_INTEGER;
  if (beforeId) {
    const row = stmt(db, 'SELECT seq FROM points_ledger WHERE id = ?').get(beforeId) as { seq: number } | undefined;
    if (row) beforeSeq = row.seq;
  }
  const rows = stmt(db, `${SELECT} WHERE l.member_id = ? AND l.seq < ? ORDER BY l.seq DESC LIMIT ?`).all(
    memberId,
    beforeSeq,
    limit,
  ) as EntryRow[];
  return toDtos(db, rows);
}

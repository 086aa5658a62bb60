import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import type { SyncBalanceDto, SyncRefusedOpDto, SyncStatusDto } from '../../../shared/contract/sync';
import { isEnrolled, NOT_IN_HEAD_OFFICE, readSyncState } from './state';
import { offlineExposure } from './offline-spend';
import { isProvisional, withMergedProvisionals } from '../members/provisional';
import { balanceOf } from '../points/ledger';

/** The status bar's facts: "Online", or "Offline since 10:42 · 37 waiting". */
export function readSyncStatus(db: ReadDb, offlineAllowance: number): SyncStatusDto {
  const s = readSyncState(db);
  if (!isEnrolled(s)) return { mode: 'standalone' };
  const counts = stmt(
    db,
    // Waiting: the counter's operations; the audit records' own ops travel with them unannounced.
    `SELECT count(*) FILTER (WHERE state = 'pending' AND kind <> 'audit.append') AS waiting,
       min(at) FILTER (WHERE state = 'pending' AND kind <> 'audit.append') AS oldest,
       count(*) FILTER (WHERE state = 'rejected') AS rejected, count(*) FILTER (WHERE state = 'conflict') AS conflicts
     FROM sync_outbox`,
  ).get() as { waiting: number; oldest: number | null; rejected: number; conflicts: number };
  const invalid = stmt(db, "SELECT count(*) FROM sync_capture WHERE what = 'invalid'").pluck().get() as number;
  return {
    mode: 'chain',
    storeName: s.store_name ?? '',
    terminalName: s.terminal_name ?? '',
    serverUrl: s.server_url ?? '',
    online: s.revoked_at === null && s.offline_since === null && s.last_contact_at !== null,
    offlineSince: s.offline_since,
    lastContactAt: s.last_contact_at,
    pulledAt: s.pulled_at,
    revoked: s.revoked_at !== null,
    waiting: counts.waiting,
    oldestWaitingAt: counts.oldest,
    rejected: counts.rejected,
    conflicts: counts.conflicts,
    unsendable: invalid,
    lastError: s.last_error,
    offlineAllowance,
    offlineSpent: s.offline_since === null ? null : offlineExposure(db, s.offline_since),
  };
}

/**
 * A member's chain balance: head office's (as of the last pull) plus this terminal's ops
 * it did not include yet — "1,240 pts (head office, 10:41) + 157 here".
 */
export function readChainBalance(db: ReadDb, memberId: string): SyncBalanceDto {
  const s = readSyncState(db);
  // A provisional card (members/provisional.ts) is unknown to head office: its points are
  // those recorded here, waiting to join the member with the card (after the merge: none).
  if (isProvisional(db, memberId)) {
    const here = balanceOf(db, memberId);
    return { memberId, headOffice: null, held: 0, asOf: null, here, total: here };
  }
  const ho = stmt(db, 'SELECT balance, held, updated_at FROM sync_balances WHERE member_id = ?').get(memberId) as
    { balance: number; held: number; updated_at: number } | undefined;
  // With the ops of provisional members merged into this one: they went keyed by its card.
  const ids = withMergedProvisionals(db, memberId);
  const here = stmt(
    db,
    `SELECT coalesce(sum(points), 0) FROM sync_outbox
     WHERE member_id IN (SELECT value FROM json_each(?)) AND ${NOT_IN_HEAD_OFFICE}`,
  )
    .pluck()
    .get(JSON.stringify(ids), s.pushed_through) as number;
  return {
    memberId,
    headOffice: ho?.balance ?? null,
    held: ho?.held ?? 0,
    asOf: ho ? (s.pulled_at ?? ho.updated_at) : null,
    here,
    total: (ho?.balance ?? 0) + here,
  };
}

export function listRefusedOps(db: ReadDb, limit: number): SyncRefusedOpDto[] {
  return (
    stmt(
      db,
      `SELECT seq, kind, state, reason, message, at, answered_at FROM sync_outbox
       WHERE state IN ('rejected', 'conflict') ORDER BY seq DESC LIMIT ?`,
    ).all(limit) as {
      seq: number;
      kind: string;
      state: SyncRefusedOpDto['state'];
      reason: string | null;
      message: string | null;
      at: number;
      answered_at: number | null;
    }[]
  ).map((r) => ({
    seq: r.seq,
    kind: r.kind,
    state: r.state,
    reason: r.reason,
    message: r.message,
    at: r.at,
    answeredAt: r.answered_at,
  }));
}

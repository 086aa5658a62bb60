import type { Db } from '../db/open-database';
import type { HandlerContext } from '../context';
import type { EraseReason, MemberDataExport } from '../../../shared/contract/members';
import { appendAudit, auditTrailOf } from '../audit/audit-log';
import { storeSecurityOf } from '../keys/bound-keys';
import { forgetOperationPayloads } from '../operations';
import { countryOf, loadLiveMember, loadMember, toMemberDto, writeNameGrams, type MemberRow } from './member-repo';
import { appendErasure, readErasures, seedErasureLog } from './erasure-log';

/**
 * Subject access and erasure.
 *
 * Other areas hold data about members (the points ledger, redemptions). Each adds its
 * part through the `memberData` of its area module (listed in core/areas.ts), so this
 * file never needs to know their tables.
 */
export function exportMemberData(ctx: HandlerContext<'memberNotFound'>, memberId: string): MemberDataExport {
  const row = loadMember(ctx, memberId);
  const out: Record<string, unknown> = {};
  for (const [area, read] of ctx.memberData) out[area] = read(ctx.db, row.id);
  const audit = auditTrailOf(ctx.db, row.id);
  return {
    format: 'perkdesk.member-export.v1',
    exportedAt: new Date(ctx.now()).toISOString(),
    member: toMemberDto(row, countryOf(ctx)),
    sections: out,
    auditTrail: audit.map((a) => ({
      at: new Date(a.at).toISOString(),
      action: a.action,
      actor: a.actor_name,
      details: JSON.parse(a.details) as unknown,
    })),
  };
}

/** Nulls every personal field and the search index entries; the pseudonymous row stays. */
function erasePersonalData(db: Db, row: Pick<MemberRow, 'id' | 'seq'>, now: number): void {
  db.prepare(
    `UPDATE members SET name = NULL, name_key = NULL, phone = NULL, phone_last4 = NULL, email = NULL,
       birthday = NULL, marketing_consent = 0, pin_hash = NULL, pin_failed_attempts = 0, pin_locked_until = 0,
       reset_failed_attempts = 0, reset_locked_until = 0, active = 0, erased_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(now, now, row.id);
  writeNameGrams(db, row.seq, null);
  // The registration's idempotency record keeps only the member id as its result (the
  // contract's `storedResult`), but its payload hash is a SHA-256 of the name, phone and
  // email — testable against guesses. It is replaced; a retry of that old operation id
  // is then a CONFLICT, never a new member.
  forgetOperationPayloads(db, 'members:register', { memberId: row.id });
}

/**
 * Old images of the erased row must not outlive it. `secure_delete` (set by openCore)
 * zeroes freed space in the database pages; the WAL still holds the pages as they were
 * before, so once the erasure has committed the WAL is checkpointed into the file and
 * truncated. The handler runs inside the dispatcher's transaction, hence "after commit":
 * the next turn of the event loop, once no transaction is open. A reader holding an old
 * snapshot (an export) makes TRUNCATE busy: retried for a while, and every later
 * checkpoint copies the erased pages over the old ones anyway.
 */
export function checkpointAfterCommit(db: Db, attemptsLeft = 20): void {
  setImmediate(() => {
    if (!db.open) return;
    if (db.inTransaction) return checkpointAfterCommit(db, attemptsLeft);
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy && attemptsLeft > 0) setTimeout(() => checkpointAfterCommit(db, attemptsLeft - 1), 250).unref();
  });
}

/**
 * Removes the personal data and keeps the pseudonymous row: the ledger (and every other
 * table) still joins on members.id, balances and reports stay correct, and nothing in the
 * row identifies the person any more. The phone and email become free for someone else.
 * The reason is a code from a fixed list: a free-text note would sit in the append-only
 * audit log for ever, and people write names into notes. The erasure also goes into the
 * erasure log outside the database (erasure-log.ts), so restoring an older backup re-applies it.
 */
export function eraseMember(
  ctx: HandlerContext<'memberNotFound' | 'memberErased'>,
  memberId: string,
  reason: EraseReason,
): void {
  const row = loadLiveMember(ctx, memberId);
  const now = ctx.now();
  const log = storeSecurityOf(ctx.db)?.erasureLogPath;
  if (log) appendErasure(log, { memberId: row.id, erasedAt: now, reason });
  erasePersonalData(ctx.db, row, now);
  checkpointAfterCommit(ctx.db);
}

/**
 * Re-applies the erasure log to the store (at every start and after a restore): each
 * logged member still holding personal data here — the store is a copy from before the
 * erasure — is erased again, audited as `members.erasureReapplied`. The first start with
 * a log writes the store's existing erasures into it. Returns the members erased again.
 */
export function reapplyErasures(db: Db, opts: { now: number; terminalId: string }): string[] {
  const log = storeSecurityOf(db)?.erasureLogPath;
  if (!log) return [];
  seedErasureLog(
    log,
    db.prepare('SELECT id, erased_at FROM members WHERE erased_at IS NOT NULL').all() as {
      id: string;
      erased_at: number;
    }[],
  );
  const find = db.prepare('SELECT seq, id FROM members WHERE id = ? AND erased_at IS NULL');
  const again: string[] = [];
  const entries = readErasures(log);
  if (entries.length === 0) return again;
  db.transaction(() => {
    for (const e of entries) {
      const row = find.get(e.memberId) as Pick<MemberRow, 'id' | 'seq'> | undefined;
      if (!row) continue;
      erasePersonalData(db, row, e.erasedAt);
      appendAudit(db, {
        at: opts.now,
        terminalId: opts.terminalId,
        actorId: null,
        actorName: null,
        action: 'members.erasureReapplied',
        target: row.id,
        details: { reason: e.reason, erasedAt: e.erasedAt },
      });
      again.push(row.id);
    }
  }).immediate();
  if (again.length > 0) checkpointAfterCommit(db);
  return again;
}

/**
 * An erasure made elsewhere in the chain, as head office reports it (core/sync): erased
 * here too, and logged so a restore of an older copy erases it again. The caller runs it
 * in its transaction.
 */
export function eraseAsHeadOfficeSays(db: Db, memberId: string, now: number): boolean {
  const row = db.prepare('SELECT id, seq, erased_at FROM members WHERE id = ?').get(memberId) as
    (Pick<MemberRow, 'id' | 'seq'> & { erased_at: number | null }) | undefined;
  if (!row || row.erased_at !== null) return false;
  const log = storeSecurityOf(db)?.erasureLogPath;
  if (log) appendErasure(log, { memberId: row.id, erasedAt: now, reason: 'memberRequest' });
  erasePersonalData(db, row, now);
  checkpointAfterCommit(db);
  return true;
}

import { MAX_PUSHED_LOTS, pushOp, type PushedLot, type StaffClaim } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { newId } from '../ids';
import { voucherUseOpId } from './voucher-claim';
import { opsFromCaptures, staffClaimOf, type BuiltOp, type Capture } from './capture-ops';
import { auditRecordsAfter } from '../audit/records-for-sync';
import { clearOnlineLinks, holdLinks, onlineLinks } from './online-links';
import { headOfficeVersionOf } from './pull-rules';
import { expiringLotsOf, purchaseRuleVersion, refundOfEntries, refundsOfOp } from '../points/sync-reads';
import { provisionalCards } from '../members/provisional';

/** The member a capture is about, if any (a provisional member's ops are keyed by its card). */
function capturedMemberId(c: Capture): string[] {
  if (c.what === 'member.insert' || c.what === 'member.update') return [];
  const row = c.row as { memberId?: string };
  return row.memberId === undefined ? [] : [row.memberId];
}

/**
 * The dispatcher's outbox step (step 6, write effect): in chain mode, every write's
 * effects become outbox operations inside the write's own IMMEDIATE transaction, so the
 * operation and its outbox rows commit or roll back together — a crash can never lose
 * one. Nothing here knows any channel: the capture triggers (migration 012) note what
 * the handler wrote and `opsFromCaptures` names the operations by those effects. On a
 * standalone terminal `markOutbox` answers null after one indexed read and nothing else
 * happens.
 */
export interface OutboxMark {
  /** Captures up to here were written outside the pipeline (a job, a chore) before this call. */
  before: number;
}

/** Before the handler: is chain mode on, and what was captured before this operation. */
export function markOutbox(db: Db): OutboxMark | null {
  const r = stmt(
    db,
    'SELECT capture, (SELECT coalesce(max(seq), 0) FROM sync_capture) AS before FROM sync_state WHERE id = 1',
  ).get() as { capture: number; before: number } | undefined;
  return r?.capture === 1 ? { before: r.before } : null;
}

export interface OutboxOp {
  channel: string | null;
  /** The channel's op id, given to the operation's first outbox op (a fresh one otherwise). */
  opId: string | undefined;
  at: number;
  actor: { staffId: string; displayName: string; role: StaffClaim['role'] } | null;
}

/** After the handler, still in its transaction. */
export function writeOutbox(db: Db, mark: OutboxMark | null, op: OutboxOp): void {
  if (!mark) return;
  if (mark.before > 0) flushCaptures(db, { channel: null, opId: undefined, at: op.at, actor: null }, mark.before);
  flushCaptures(db, op);
  clearOnlineLinks(db);
}

/**
 * Captures → outbox rows (with the next seqs), then the captures are deleted. An op the
 * protocol would refuse (a bug: the terminal wrote something the wire cannot carry) gets
 * no seq — it would block nothing but leave a gap head office asks for forever — and is
 * kept in sync_capture as 'invalid' for the status to report.
 */
export function flushCaptures(db: Db, op: OutboxOp, upTo = Number.MAX_SAFE_INTEGER): number {
  const rows = stmt(
    db,
    "SELECT seq, what, row FROM sync_capture WHERE seq <= ? AND what <> 'invalid' ORDER BY seq",
  ).all(upTo) as { seq: number; what: Capture['what']; row: string }[];
  // No early return on no captures: a refund that moved no points still sends its money (moneyOnlyRefunds).
  const captures = rows.map((r) => ({ what: r.what, row: JSON.parse(r.row) }) as Capture);
  const built = opsFromCaptures(
    captures,
    onlineLinks(db),
    holdLinks(db),
    provisionalCards(db, captures.flatMap(capturedMemberId)),
  );
  if (op.opId) built.push(...moneyOnlyRefunds(db, op.opId, built));
  if (built.length === 0 && rows.length === 0) return 0;
  const staff = staffClaimOf(op.actor);
  let next = stmt(db, 'SELECT next_seq FROM sync_state WHERE id = 1').pluck().get() as number;
  let written = 0;
  for (const b of built) {
    if (b.body.kind !== 'points.award') continue;
    // Earned by a rule set pulled from head office: name it, so head office recomputes the points.
    const local = purchaseRuleVersion(db, b.body.payload.purchaseId);
    const ho = local === undefined ? null : headOfficeVersionOf(db, local);
    if (ho !== null) b.body = { ...b.body, payload: { ...b.body.payload, headOfficeRuleVersion: ho } };
  }
  for (const b of built) {
    // A refund's entries carry what it took back, so head office's chain spend falls too.
    if (b.body.kind !== 'points.ledger' || b.body.payload.refId === null) continue;
    const refund = refundOfEntries(db, b.body.payload.refId);
    if (refund) b.body = { ...b.body, payload: { ...b.body.payload, refund } };
  }
  withExpiringLots(db, built);
  built.forEach((b, i) => {
    // A voucher's use within another op (a bill) carries the id its online claim used.
    const ownId =
      b.body.kind === 'voucher.use' && op.opId ? voucherUseOpId(op.opId, b.body.payload.voucherId) : newId();
    const candidate = { seq: next, opId: i === 0 && op.opId ? op.opId : ownId, at: op.at, staff, ...b.body };
    const parsed = pushOp.safeParse(candidate);
    if (!parsed.success) {
      stmt(db, "INSERT INTO sync_capture (what, row) VALUES ('invalid', ?)").run(
        JSON.stringify({ op: candidate, issues: parsed.error.issues.slice(0, 5) }),
      );
      return;
    }
    stmt(
      db,
      `INSERT INTO sync_outbox (seq, op_id, kind, at, staff, payload, member_id, points, channel)
       VALUES (@seq, @op_id, @kind, @at, @staff, @payload, @member_id, @points, @channel)`,
    ).run({
      seq: next,
      op_id: candidate.opId,
      kind: b.body.kind,
      at: op.at,
      staff: staff ? JSON.stringify(staff) : null,
      payload: JSON.stringify(b.body.payload),
      member_id: b.memberId,
      points: b.points,
      channel: op.channel,
    });
    next++;
    written++;
  });
  stmt(db, 'UPDATE sync_state SET next_seq = ? WHERE id = 1').run(next);
  if (rows.length > 0) {
    stmt(db, "DELETE FROM sync_capture WHERE seq <= ? AND what <> 'invalid'").run(rows[rows.length - 1].seq);
  }
  return written;
}

/**
 * Each credit carries how its points expire: in chain mode head office keeps the chain's
 * lots and expires them (its migration 015), never this terminal (points/expiry.ts says
 * why). More parts than the wire carries (a transfer of many lots) fold into the latest
 * of the rest: the member keeps those points a little longer, never less.
 */
function withExpiringLots(db: Db, built: BuiltOp[]): void {
  const credits = built.flatMap((b) =>
    b.body.kind === 'points.award' || b.body.kind === 'points.ledger'
      ? b.body.payload.entries.filter((e) => e.points > 0).map((e) => e.entryId)
      : [],
  );
  if (credits.length === 0) return;
  const lots = expiringLotsOf(db, credits);
  if (lots.size === 0) return;
  for (const b of built) {
    if (b.body.kind !== 'points.award' && b.body.kind !== 'points.ledger') continue;
    const entries = b.body.payload.entries.map((e) => {
      const own = lots.get(e.entryId);
      return own ? { ...e, lots: foldLots(own) } : e;
    });
    b.body = { ...b.body, payload: { ...b.body.payload, entries } } as typeof b.body;
  }
}

export function foldLots(lots: PushedLot[]): PushedLot[] {
  if (lots.length <= MAX_PUSHED_LOTS) return lots;
  const rest = lots.slice(MAX_PUSHED_LOTS - 1);
  const latest = rest.some((l) => l.expiresAt === null) ? null : Math.max(...rest.map((l) => l.expiresAt!));
  const points = rest.reduce((a, l) => a + l.points, 0);
  return [...lots.slice(0, MAX_PUSHED_LOTS - 1), { points, expiresAt: latest }];
}

/**
 * A refund that moved no points (of a purchase that earned none, or too little to claw
 * back) writes no ledger entry, so no capture names it; its money still lowers the chain's
 * spend for tiers: a `points.ledger` op with no entries and its `refund`.
 */
function moneyOnlyRefunds(db: Db, opId: string, built: readonly BuiltOp[]): BuiltOp[] {
  const carried = new Set(
    built.flatMap((b) => (b.body.kind === 'points.ledger' && b.body.payload.refId ? [b.body.payload.refId] : [])),
  );
  return refundsOfOp(db, opId)
    .filter((r) => !carried.has(r.refundId))
    .map((r) => ({
      memberId: r.memberId,
      points: 0,
      body: {
        kind: 'points.ledger',
        payload: {
          member: { memberId: r.memberId },
          reason: null,
          refId: r.refundId,
          holdId: null,
          onlineRedemptionId: null,
          entries: [],
          refund: { refundId: r.refundId, purchaseId: r.purchaseId, amountMinor: r.amountMinor },
        },
      },
    }));
}

/** Captures written outside the pipeline (jobs, chores), in their own transaction: the sync loop calls this. */
export function flushOrphanCaptures(db: Db, now: number): number {
  return db.transaction(() => flushCaptures(db, { channel: null, opId: undefined, at: now, actor: null })).immediate();
}

/**
 * The audit records written since the last `audit.append` become the next outbox op (up
 * to 500 a time), in their own transaction: the audit log itself is the durable copy,
 * `audit_through` says how far the outbox has them. Run by the push before it sends.
 */
export function queueAuditRecords(db: Db, now: number): number {
  return db
    .transaction(() => {
      const { audit_through: through, audit_fork: fork } = stmt(
        db,
        'SELECT audit_through, audit_fork FROM sync_state WHERE id = 1',
      ).get() as { audit_through: number; audit_fork: string | null };
      const records = auditRecordsAfter(db, through, 500);
      if (records.length === 0) return 0;
      const seq = stmt(db, 'SELECT next_seq FROM sync_state WHERE id = 1').pluck().get() as number;
      const payload = {
        scheme: records.some((r) => r.link === 'hmac-sha256') ? 'hmac-sha256-chain-v1' : 'sha256-chain-v1',
        records,
        // After a restore: the first batch says where the restored chain continues from.
        ...(fork ? { restoredFrom: JSON.parse(fork) as { seq: number; hash: string } } : {}),
      };
      stmt(
        db,
        `INSERT INTO sync_outbox (seq, op_id, kind, at, staff, payload, member_id, points, channel)
         VALUES (?, ?, 'audit.append', ?, NULL, ?, NULL, 0, NULL)`,
      ).run(seq, newId(), now, JSON.stringify(payload));
      stmt(db, 'UPDATE sync_state SET next_seq = ?, audit_through = ?, audit_fork = NULL WHERE id = 1').run(
        seq + 1,
        records[records.length - 1].seq,
      );
      return records.length;
    })
    .immediate();
}

import type { HandlerContext } from '../context';
import type { ReadDb } from '../db/open-database';
import type { ClearResultDto, LedgerEntryDto, MovedPoints } from '../../../shared/contract/points';
import { noted, type Noted } from '../handler-types';
import { ledgerEnv, storeTimeZone } from './env';
import { expireDueLots } from './expiry';
import { lotExpiry } from './expiry-policy';
import { applyEntry, balanceOf } from './ledger';
import { entryById } from './entries';
import { requireMember } from './member-access';
import { ruleSetAt } from './rules-repo';
import { facts, type AdjustFacts, type ClearFacts } from '../../../shared/explain/facts';
import { add, neg, ZERO_POINTS, type Points } from '../../../shared/units';

/**
 * Manager corrections. Each is a new ledger entry with the manager's reason, and an
 * audit record in the same transaction (declared on the channel, written by the
 * dispatcher). A negative adjustment may not take a balance below zero (that is what
 * clearing is for, and a claw-back policy is the other way a balance goes negative),
 * unless the setting `adjustBelowZeroAllowed` is on — and then with a second manager's
 * or the owner's approval (issue 11 item 8). The debt is paid off by later credits first.
 */
export function adjustPoints(
  ctx: HandlerContext<'memberNotFound' | 'belowZero'>,
  input: { opId: string; memberId: string; points: Points; reason: string },
): LedgerEntryDto {
  const env = ledgerEnv(ctx, input.opId);
  requireMember(ctx, input.memberId);
  // Points past their date are gone before anything is taken (issue 10 item 11).
  const balance = input.points < 0 ? expireDueLots(env, input.memberId) : balanceOf(ctx.db, input.memberId);
  // Below zero only when the store switched it on; the channel's approval slot then
  // asks another manager or the owner (approval-rules.ts#adjustBelowZeroApproval).
  if (input.points < 0 && balance + input.points < 0 && !ctx.settings().adjustBelowZeroAllowed) {
    throw ctx.refuse(
      'belowZero',
      { field: 'points', balance },
      { message: `The balance is only ${balance}: an adjustment cannot take it below zero` },
    );
  }
  const rules = ruleSetAt(ctx.db, env.now);
  const expiresAt = lotExpiry(rules.rules, env.now, storeTimeZone(ctx));
  const applied = applyEntry(env, {
    memberId: input.memberId,
    kind: 'adjust',
    points: input.points,
    reason: input.reason,
    facts: facts<AdjustFacts>({ kind: 'adjust', points: input.points, reason: input.reason }),
    ruleVersion: rules.version,
    lots: input.points > 0 ? [{ points: input.points, earnedAt: env.now, expiresAt }] : undefined,
  });
  return entryById(ctx.db, applied.id);
}

export function clearMember(
  ctx: HandlerContext<'memberNotFound' | 'nothingToClear'>,
  input: { opId: string; memberId: string; reason: string },
): LedgerEntryDto {
  const env = ledgerEnv(ctx, input.opId);
  requireMember(ctx, input.memberId);
  // A clear takes what is left once the points past their date have expired as such.
  const balance = expireDueLots(env, input.memberId);
  if (balance <= 0) throw ctx.refuse('nothingToClear', { balance });
  const applied = applyEntry(env, {
    memberId: input.memberId,
    kind: 'clear',
    points: neg(balance),
    reason: input.reason,
    facts: facts<ClearFacts>({ kind: 'clear', scope: 'member', points: balance, reason: input.reason }),
  });
  return entryById(ctx.db, applied.id);
}

/** Programme maintenance: one clear entry per member with a positive balance. */
export function bulkClear(
  ctx: HandlerContext,
  input: { opId: string; reason: string; inactiveSince?: number },
): Noted<ClearResultDto, { cleared: MovedPoints[] }> {
  const env = ledgerEnv(ctx, input.opId);
  const candidates = bulkClearCandidates(ctx.db, input.inactiveSince);
  let pointsCleared = ZERO_POINTS;
  const cleared: MovedPoints[] = [];
  for (const c of candidates) {
    const entry = applyEntry(env, {
      memberId: c.memberId,
      kind: 'clear',
      points: neg(c.balance),
      reason: input.reason,
      facts: facts<ClearFacts>({
        kind: 'clear',
        scope: 'bulk',
        points: c.balance,
        reason: input.reason,
        ...(input.inactiveSince === undefined ? {} : { inactiveSince: input.inactiveSince }),
      }),
    });
    pointsCleared = add(pointsCleared, c.balance);
    cleared.push({ memberId: c.memberId, points: neg(c.balance), entryId: entry.id });
  }
  return noted({ members: candidates.length, pointsCleared }, { cleared });
}

/**
 * Who a bulk clear would clear: every positive balance, or (with `inactiveSince`) only
 * those whose last ledger entry is older. The preview and the clear share this query,
 * so the numbers the manager confirms are the numbers cleared (unless a sale lands in
 * between, which then shows in the result).
 */
export function bulkClearCandidates(
  db: ReadDb,
  inactiveSince: number | undefined,
): { memberId: string; balance: Points }[] {
  return db
    .prepare(
      inactiveSince === undefined
        ? 'SELECT member_id AS memberId, balance FROM points_balances WHERE balance > 0 ORDER BY member_id'
        : `SELECT b.member_id AS memberId, b.balance FROM points_balances b
            WHERE b.balance > 0 AND (SELECT l.created_at FROM points_ledger l WHERE l.member_id = b.member_id
                                     ORDER BY l.seq DESC LIMIT 1) < ?
            ORDER BY b.member_id`,
    )
    .all(...(inactiveSince === undefined ? [] : [inactiveSince])) as { memberId: string; balance: Points }[];
}

/** What `bulkClear` with the same `inactiveSince` would clear now; changes nothing. */
export function bulkClearPreview(db: ReadDb, inactiveSince: number | undefined): ClearResultDto {
  const candidates = bulkClearCandidates(db, inactiveSince);
  return { members: candidates.length, pointsCleared: candidates.reduce((sum, c) => add(sum, c.balance), ZERO_POINTS) };
}

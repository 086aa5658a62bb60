import type { MergeResult, StaffClaim } from '../../shared/sync';
import type { Caller, ServiceContext } from '../context';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { balanceWire, moveBetween } from '../journal/journal';
import { idempotent } from '../online-requests';
import { releaseHoldsOf } from '../redeem/holds';
import { recordAdminAction } from '../admin/actions';

/**
 * A manager merges a duplicate registration into the one that stays. Nothing is
 * rewritten: a merge record; the merged row points at its survivor (terminals learn it
 * by pull); its balance — positive or a debt — moves by a merge_out / merge_in pair; its
 * holds are released; entries that arrive later for the merged id still land on it and
 * move on to the survivor the same way (see journal.ts). The journal keeps both ids.
 * Merged from the head office page (the admin), it is in head office's trail as well.
 */
export async function mergeMembers(
  ctx: ServiceContext,
  caller: Caller,
  input: { opId: string; survivorId: string; mergedId: string; reason: string; staff?: StaffClaim },
): Promise<MergeResult> {
  if (caller.kind === 'terminal') {
    if (!input.staff) throw invalid('Say which manager merges', { field: 'staff' });
    if (input.staff.role === 'cashier') throw forbidden('Only a manager or owner may merge members');
  }
  if (input.survivorId === input.mergedId) {
    throw invalid('A member cannot be merged into itself', { field: 'mergedId', reason: 'sameMember' });
  }
  const { opId, ...request } = input;
  return idempotent(ctx, 'members:merge', caller, opId, request, async (db, at) => {
    // Both rows locked in id order: two merges of the same pair in opposite directions
    // cannot deadlock, and the second one sees the first.
    const rows = await db.query(
      'SELECT id, card_number, merged_into, erased_at FROM members WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [[input.survivorId, input.mergedId]],
    );
    const byId = new Map(rows.rows.map((r) => [r.id as string, r]));
    const survivor = byId.get(input.survivorId);
    const merged = byId.get(input.mergedId);
    if (!survivor) throw notFound('Member', { field: 'survivorId', memberId: input.survivorId });
    if (!merged) throw notFound('Member', { field: 'mergedId', memberId: input.mergedId });
    if (merged.merged_into !== null) {
      throw conflict('This registration was already merged', { reason: 'alreadyMerged', into: merged.merged_into });
    }
    if (survivor.merged_into !== null) {
      throw conflict('The member to keep was itself merged: merge into the one it was merged into', {
        reason: 'survivorMerged',
        into: survivor.merged_into,
      });
    }
    if (survivor.erased_at !== null) {
      throw new AppError('CONFLICT', 'The member to keep was erased', { reason: 'survivorErased' });
    }
    const mergeId = newId();
    const env = {
      opId,
      terminalId: caller.kind === 'terminal' ? caller.terminalId : null,
      storeId: caller.kind === 'terminal' ? caller.storeId : null,
      refId: mergeId,
      occurredAt: at,
      recordedAt: at,
    };
    // Locked: an entry being appended for the merged id right now either lands before
    // this read (and moves with the rest) or waits and then sees the merge (and moves on).
    // The holds are released after that lock too, so a hold being taken right now is
    // either released here or, waiting on the row, finds nothing left to hold.
    await db.query('SELECT 1 FROM balances WHERE member_id = $1 FOR UPDATE', [input.mergedId]);
    await releaseHoldsOf(db, input.mergedId, at, 'released');
    const locked = await db.query('SELECT balance FROM balances WHERE member_id = $1', [input.mergedId]);
    const moved = locked.rows[0].balance as number;
    await db.query(
      `INSERT INTO member_merges (id, merged_id, survivor_id, moved_points, reason, by_terminal, by_staff, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        mergeId,
        input.mergedId,
        input.survivorId,
        moved,
        input.reason.trim(),
        env.terminalId,
        input.staff ? JSON.stringify(input.staff) : null,
        at,
      ],
    );
    await db.query('UPDATE members SET merged_into = $2, updated_at = $3 WHERE id = $1', [
      input.mergedId,
      input.survivorId,
      at,
    ]);
    if (moved !== 0) await moveBetween(db, input.mergedId, input.survivorId, moved, env);
    // A terminal's merge names its manager in member_merges; the admin's goes into head
    // office's own trail too, which is where its page shows what head office did.
    if (caller.kind === 'admin') {
      await recordAdminAction(db, at, {
        action: 'member.merged',
        details: {
          mergedCard: merged.card_number,
          survivorCard: survivor.card_number,
          movedPoints: moved,
          reason: input.reason.trim(),
        },
      });
    }
    return {
      mergeId,
      survivorId: input.survivorId,
      mergedId: input.mergedId,
      movedPoints: moved,
      balance: await balanceWire(db, input.survivorId),
      replay: false,
    };
  });
}

import type { Db, ReadDb } from '../db/open-database';
import type { ApplyOutcome, HeadOfficeMember } from '../members/head-office';
import {
  holdsCard,
  markProvisionalMerged,
  openProvisionalByCard,
  releaseProvisionalCard,
} from '../members/provisional';
import { moveProvisionalGoals, moveProvisionalPoints } from '../points/provisional-transfer';
import { inChainMode, readSyncState } from './state';

/**
 * Chain mode's side of provisional members (members/provisional.ts, issue 12).
 *
 * Counted once: the provisional member's award went to head office as a `points.award`
 * keyed by the card. Head office applies it to the member holding the card — at once if
 * it knows the card, or when that member's registration arrives (a parked `cardUnknown`
 * op, src/server/push/ingest.ts resolveParked). So the head office balance pulled with
 * the real member already contains those points once the op is pushed. Here:
 * - the local ledger moves the provisional member's points to the real member by two
 *   appended entries (points/provisional-transfer.ts), nothing rewritten, and its stamp
 *   cards likewise by two `merge` goal entries each; its vouchers become the real member's
 *   (points/goals.ts#voucherHolders);
 * - the outbox op keeps naming the provisional member (an outbox row never changes), and
 *   the chain balance of the real member counts the ops of the provisional members merged
 *   into it ("+ n here" while not pushed, then head office's balance: status.ts).
 */

/** A card unknown here may be recorded provisionally: enrolled, capturing, not revoked. */
export function provisionalAllowed(db: ReadDb): boolean {
  return inChainMode(db) && readSyncState(db).revoked_at === null;
}

class NotWritten extends Error {
  constructor(readonly outcome: ApplyOutcome) {
    super('the pulled member was not written here');
  }
}

/**
 * A pulled member whose card a provisional member holds here: in one savepoint, the
 * card is released, the member written (`write`), the points moved and the provisional
 * member marked merged. If the member is not written after all (a clash with another
 * member's phone, a record without contact), everything rolls back and the provisional
 * member stays as it was for a later pull.
 */
export function writeOverProvisional(
  db: Db,
  m: HeadOfficeMember,
  write: () => ApplyOutcome,
  now: number,
  terminalId: string,
): ApplyOutcome {
  const p = m.erased ? null : openProvisionalByCard(db, m.cardNumber);
  if (!p) return write();
  try {
    return db.transaction(() => {
      releaseProvisionalCard(db, p.memberId, now);
      const outcome = write();
      if (!holdsCard(db, m.id, m.cardNumber)) throw new NotWritten(outcome);
      moveProvisionalPoints(db, p.memberId, m.id, p.cardNumber, now, terminalId);
      moveProvisionalGoals(db, p.memberId, m.id, p.cardNumber, now, terminalId);
      markProvisionalMerged(db, p.memberId, m.id, now);
      return outcome;
    })();
  } catch (err) {
    if (err instanceof NotWritten) return err.outcome;
    throw err;
  }
}

import type { ReadDb } from '../db/open-database';
import { inChainMode } from './state';
import { readChainBalance } from './status';
import { openHold } from './holds';

/**
 * Chain mode: what the counter offers a member to spend — head office's balance as last
 * heard, minus its holds (but for this terminal's own), plus this terminal's points not counted there yet (head office
 * decides the spend itself while online). Null on a standalone terminal: its own ledger.
 */
export function chainSpendable(db: ReadDb, memberId: string, now: number): number | null {
  if (!inChainMode(db)) return null;
  const b = readChainBalance(db, memberId);
  // This terminal's own hold is held at head office for spending here.
  return b.total - b.held + (openHold(db, memberId, now)?.remaining ?? 0);
}

import type { ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';

/** The receipt number of a purchase, for the rewards area (a bill reward's redemption names it). */
export function receiptNoOfPurchase(db: ReadDb, purchaseId: string): string | null {
  return (stmt(db, 'SELECT receipt_no FROM points_purchases WHERE id = ?').pluck().get(purchaseId) as string) ?? null;
}

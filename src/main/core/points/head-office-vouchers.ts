import type { VoucherWire } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { findMember } from '../members/member-repo';

/**
 * A voucher pulled from head office (issued at any store of the chain). Kept for a member
 * this terminal holds, so the counter offers it like one issued here; a use or withdrawal
 * head office recorded is copied onto the local row (once: the row changes once,
 * migration 014's trigger), so a voucher used at store A is refused at store B after B's
 * next pull. A use made here that head office has not recorded yet is left alone: the
 * push decides it. Runs with the capture off (sync/pull.ts): nothing is echoed back.
 *
 * The goal ledger is not touched: the card's stamps stay where they were collected (the
 * voucher's issue entry is in the issuing terminal's goal ledger and head office's).
 */
export const HEAD_OFFICE_USE = 'head-office';

export function applyHeadOfficeVoucher(db: Db, v: VoucherWire): boolean {
  if (!findMember(db, v.memberId)) return false;
  const local = stmt(db, 'SELECT used_at, withdrawn_at FROM points_vouchers WHERE id = ?').get(v.id) as
    { used_at: number | null; withdrawn_at: number | null } | undefined;
  if (!local) {
    stmt(
      db,
      `INSERT INTO points_vouchers (id, member_id, goal_key, target, name, kind, value_minor, sku, purchase_id,
         issue_entry_id, available_from, expires_at, created_at, used_at, used_op_id, used_receipt_no, withdrawn_at)
       VALUES (@id, @memberId, @goalKey, @target, @name, @kind, @valueMinor, @sku, @purchaseId,
         @issueEntryId, @availableFrom, @expiresAt, @issuedAt, @usedAt, @usedOpId, @usedReceiptNo, @withdrawnAt)`,
    ).run({
      ...v,
      usedOpId: v.usedAt === null ? null : HEAD_OFFICE_USE,
      withdrawnAt: v.usedAt === null ? v.withdrawnAt : null,
    });
    return true;
  }
  if (local.used_at !== null || local.withdrawn_at !== null) return false;
  if (v.usedAt !== null) {
    stmt(db, 'UPDATE points_vouchers SET used_at = ?, used_op_id = ?, used_receipt_no = ? WHERE id = ?').run(
      v.usedAt,
      HEAD_OFFICE_USE,
      v.usedReceiptNo,
      v.id,
    );
    return true;
  }
  if (v.withdrawnAt !== null) {
    stmt(db, 'UPDATE points_vouchers SET withdrawn_at = ? WHERE id = ?').run(v.withdrawnAt, v.id);
    return true;
  }
  return false;
}

import type { VoucherClaimResult } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import { conflict, notFound } from '../errors';
import { idempotent } from '../online-requests';

/**
 * Online voucher use: head office decides, like an online redemption. The claim is ONE
 * statement — `UPDATE vouchers … WHERE id AND unused AND not withdrawn RETURNING` — so of
 * two terminals racing the same voucher the second waits for the row lock, re-checks the
 * WHERE on the row the first left (READ COMMITTED re-check) and matches nothing. The use
 * is recorded under the channel's op id (`used_op_id`), so the terminal's pushed
 * `voucher.use` op with that id is recognised as this same use (apply-vouchers.ts), and a
 * retried request replays its first answer (`idempotent`).
 */
export async function claimVoucher(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { opId: string; voucherId: string; receiptNo: string | null; usedAt: number },
): Promise<VoucherClaimResult> {
  const { opId, ...request } = input;
  return idempotent(ctx, 'vouchers:claim', caller, opId, request, async (db) => {
    const claimed = await db.query(
      `UPDATE vouchers SET used_at = $2, used_op_id = $3, used_terminal_id = $4, used_receipt_no = $5
       WHERE id = $1 AND used_op_id IS NULL AND withdrawn_at IS NULL
       RETURNING id`,
      [input.voucherId, input.usedAt, opId, caller.terminalId, input.receiptNo],
    );
    if (claimed.rowCount === 1) return { voucherId: input.voucherId, usedAt: input.usedAt, replay: false };
    const r = await db.query(
      `SELECT v.used_at, v.used_op_id, v.used_receipt_no, v.withdrawn_at, s.name AS store_name
       FROM vouchers v LEFT JOIN terminals t ON t.id = v.used_terminal_id LEFT JOIN stores s ON s.id = t.store_id
       WHERE v.id = $1`,
      [input.voucherId],
    );
    const v = r.rows[0] as
      | {
          used_at: string | null;
          used_op_id: string | null;
          used_receipt_no: string | null;
          withdrawn_at: string | null;
          store_name: string | null;
        }
      | undefined;
    if (!v) throw notFound('Voucher', { reason: 'voucherUnknown' });
    // Already ours: the push of this op (or an earlier attempt) recorded it first.
    if (v.used_op_id === opId) return { voucherId: input.voucherId, usedAt: Number(v.used_at), replay: true };
    if (v.withdrawn_at !== null) {
      throw conflict('The voucher was withdrawn by a refund', { reason: 'voucherWithdrawn', headOffice: true });
    }
    throw conflict('The voucher was already used at another store', {
      reason: 'voucherUsed',
      headOffice: true,
      usedAt: Number(v.used_at),
      usedStore: v.store_name,
    });
  });
}

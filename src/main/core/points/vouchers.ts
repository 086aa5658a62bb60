import type { HandlerContext, ReadContext } from '../context';
import { stmt } from '../db/statements';
import { requireMember, requireNotProvisional } from './member-access';
import { ruleSetAt } from './rules-repo';
import { cardBalance, holdsVoucher, memberVoucherRows, voucherDto, voucherRow, voucherStatus } from './goals';
import type { MemberGoalsDto, VoucherDto } from '../../../shared/contract/points-goals-schema';
import type { ParsedInputOf } from '../../../shared/contract';

/**
 * What the counter shows for a member: each goal of the rules in force with the card's
 * balance, and the vouchers the member holds (pending, usable, then the rest).
 */
export function memberGoals(ctx: ReadContext<'memberNotFound'>, memberId: string): MemberGoalsDto {
  requireMember(ctx, memberId);
  const now = ctx.now();
  const goals = (ruleSetAt(ctx.db, now).rules.goals ?? []).map((g) => ({
    goalKey: g.key,
    name: g.name,
    measure: g.measure,
    target: g.target,
    balance: cardBalance(ctx.db, memberId, g.key),
  }));
  return { goals, vouchers: memberVoucherRows(ctx.db, memberId, 50).map((r) => voucherDto(r, now)) };
}

/** Marks a voucher used (on a later purchase or at the counter): once, while it is usable. */
export function useVoucher(
  ctx: HandlerContext<
    'provisionalMember' | 'voucherNotFound' | 'voucherPending' | 'voucherUsed' | 'voucherWithdrawn' | 'voucherExpired'
  >,
  input: ParsedInputOf<'points:useVoucher'>,
): VoucherDto {
  requireNotProvisional(ctx, input.memberId);
  const now = ctx.now();
  const row = voucherRow(ctx.db, input.voucherId);
  if (!row || !holdsVoucher(ctx.db, input.memberId, row)) throw ctx.refuse('voucherNotFound', { field: 'voucherId' });
  const status = voucherStatus(row, now);
  if (status === 'used') throw ctx.refuse('voucherUsed', { usedAt: row.used_at });
  if (status === 'revoked') throw ctx.refuse('voucherWithdrawn');
  if (status === 'pending') throw ctx.refuse('voucherPending', { availableFrom: row.available_from });
  if (status === 'expired') throw ctx.refuse('voucherExpired', { expiresAt: row.expires_at });
  stmt(
    ctx.db,
    'UPDATE points_vouchers SET used_at = ?, used_op_id = ?, used_by = ?, used_receipt_no = ? WHERE id = ?',
  ).run(now, input.opId, ctx.actor?.staffId ?? null, input.receiptNo ?? null, row.id);
  return voucherDto({ ...row, used_at: now }, now);
}

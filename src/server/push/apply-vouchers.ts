import type { PushOpOf } from '../../shared/sync';
import { applied, OpRejected, type Applied } from './outcome';
import { resolveMember } from './apply-points';
import type { ApplyEnv } from './apply';

/**
 * A voucher used at a terminal. Used once chain-wide: the row is locked, and the first
 * use head office records stands (a retry of that op finds its own use). A second use —
 * another terminal used the same voucher while offline, before the first use was pulled
 * there — is a recorded rejection (`voucherUsed`), like a duplicate receipt: the counter
 * already gave the discount, head office keeps the voucher used once and the manager sees
 * the refusal. The bound: a voucher can be used at most once per terminal that holds it
 * unused, i.e. once per terminal that was offline (or had not pulled the use) at the time.
 */
export async function applyVoucherUse(env: ApplyEnv, op: PushOpOf<'voucher.use'>): Promise<Applied> {
  const p = op.payload;
  const member = await resolveMember(env, p.member);
  if (typeof member !== 'string') return member;
  const r = await env.db.query('SELECT member_id, used_op_id, withdrawn_at FROM vouchers WHERE id = $1 FOR UPDATE', [
    p.voucherId,
  ]);
  const v = r.rows[0] as { member_id: string; used_op_id: string | null; withdrawn_at: number | null } | undefined;
  if (!v) throw new OpRejected('voucherUnknown', 'Head office has no such voucher');
  if (v.used_op_id === op.opId) return applied(null);
  if (v.used_op_id !== null) throw new OpRejected('voucherUsed', 'The voucher was already used at another terminal');
  if (v.withdrawn_at !== null) throw new OpRejected('voucherWithdrawn', 'The voucher was withdrawn by a refund');
  await env.db.query(
    `UPDATE vouchers SET used_at = $2, used_op_id = $3, used_terminal_id = $4, used_receipt_no = $5 WHERE id = $1`,
    [p.voucherId, p.usedAt, op.opId, env.terminalId, p.receiptNo],
  );
  return v.member_id === member
    ? applied(null)
    : applied(null, 'voucherOtherMember', 'The voucher belongs to another member at head office');
}

/**
 * Who referred a member. The member may be unknown yet (parked like a points op); a
 * referrer head office does not know is noted and not recorded (the referral bonuses
 * still travel as their own ledger ops).
 */
export async function applyMemberReferral(env: ApplyEnv, op: PushOpOf<'member.referral'>): Promise<Applied> {
  const p = op.payload;
  const member = await resolveMember(env, { memberId: p.memberId });
  if (typeof member !== 'string') return member;
  const referrer = await env.db.query('SELECT 1 FROM members WHERE id = $1', [p.referrerId]);
  if (referrer.rowCount === 0) return applied(null, 'referrerUnknown', 'Head office does not know the referrer');
  const r = await env.db.query(
    `INSERT INTO member_referrals (member_id, referrer_id, op_id, recorded_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id) DO NOTHING`,
    [member, p.referrerId, op.opId, env.at],
  );
  return r.rowCount === 1
    ? applied(null)
    : applied(null, 'referralKept', 'Head office already holds a referrer for this member');
}

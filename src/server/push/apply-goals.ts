import type { PushOpOf } from '../../shared/sync';
import { applied, type Applied } from './outcome';
import { resolveMember } from './apply-points';
import type { ApplyEnv } from './apply';

/**
 * A member's goal (stamp card) movements of one terminal operation: the entries go into
 * the chain's goal journal with the terminal's entry ids (a reused id is refused by its
 * unique key: `entryIdReused`), the vouchers they issued become chain vouchers (pulled by
 * every store), and the pending vouchers a refund withdrew are withdrawn — unless another
 * terminal already used one, which is kept and reported (`voucherUsedElsewhere`): the
 * goal entries still stand, they are what the refund did to the card.
 */
export async function applyGoalsMove(env: ApplyEnv, op: PushOpOf<'goals.move'>): Promise<Applied> {
  const p = op.payload;
  const member = await resolveMember(env, p.member);
  if (typeof member !== 'string') return member;
  const e = p.entries;
  await env.db.query(
    `INSERT INTO goal_journal (id, member_id, goal_key, kind, amount, ref_id, voucher_id, op_id, terminal_id, store_id,
       occurred_at, recorded_at)
     SELECT g.id, $1, g.goal_key, g.kind, g.amount, g.ref_id, g.voucher_id, $2, $3, $4, $5, $6
     FROM unnest($7::uuid[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::uuid[]) WITH ORDINALITY
       AS g(id, goal_key, kind, amount, ref_id, voucher_id, n)
     ORDER BY g.n`,
    [
      member,
      op.opId,
      env.terminalId,
      env.storeId,
      op.at,
      env.at,
      e.map((x) => x.entryId),
      e.map((x) => x.goalKey),
      e.map((x) => x.kind),
      e.map((x) => x.amount),
      e.map((x) => x.refId),
      e.map((x) => x.voucherId),
    ],
  );
  for (const v of p.issued) {
    await env.db.query(
      `INSERT INTO vouchers (id, member_id, goal_key, target, name, kind, value_minor, sku, purchase_id, issue_entry_id,
         available_from, expires_at, issued_at, issued_op_id, issued_store_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        v.voucherId,
        member,
        v.goalKey,
        v.target,
        v.name,
        v.kind,
        v.valueMinor,
        v.sku,
        v.purchaseId,
        v.issueEntryId,
        v.availableFrom,
        v.expiresAt,
        v.issuedAt,
        op.opId,
        env.storeId,
      ],
    );
  }
  const notes: string[] = [];
  for (const w of p.withdrawn) {
    const r = await env.db.query(
      `UPDATE vouchers SET withdrawn_at = $2, withdrawn_op_id = $3
       WHERE id = $1 AND used_at IS NULL AND withdrawn_at IS NULL`,
      [w.voucherId, op.at, op.opId],
    );
    if (r.rowCount === 0) notes.push(w.voucherId);
  }
  return notes.length > 0
    ? applied(null, 'voucherUsedElsewhere', `Already used or withdrawn at head office: ${notes.join(', ')}`)
    : applied(null);
}

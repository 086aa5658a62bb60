import { expireMemberDue } from '../expiry/run-expiry';
import type { RedemptionResult, StaffClaim } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import { conflict } from '../errors';
import { newId } from '../ids';
import { balanceWire } from '../journal/journal';
import { idempotent } from '../online-requests';
import { availableOf, releaseHoldsOf, requireMember } from './holds';

/**
 * Online redemption: head office decides. The debit is appended by ONE statement that
 * selects the member's balance row FOR UPDATE with `balance − held ≥ cost` in its WHERE:
 * under concurrent redemptions each waits for the row lock and re-checks the condition on
 * the row as the previous one left it (PostgreSQL's READ COMMITTED re-check), so no
 * interleaving can spend the same points twice. Spending from one of this terminal's
 * holds instead takes from the hold (guarded the same way) — the points were already
 * reserved. The terminal's `minBalanceToSpend` (minBalance) is tested in the same
 * statement: points are spent only from a balance of at least that.
 */
const belowMinBalance = (minBalance: number, available: number) =>
  conflict(`Points can be spent from a balance of ${minBalance}; the member has ${available}`, {
    reason: 'belowMinBalance',
    minBalance,
    available,
  });

export async function redeemOnline(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: {
    opId: string;
    memberId: string;
    points: number;
    rewardId?: string | null;
    holdId?: string | null;
    minBalance?: number;
    staff?: StaffClaim | null;
  },
): Promise<RedemptionResult> {
  const { opId, ...request } = input;
  return idempotent(ctx, 'redeem:online', caller, opId, request, async (db, at) => {
    const memberId = await requireMember(db, input.memberId);
    await releaseHoldsOf(db, memberId, at, 'expired');
    // Points past their date are never spent, even when the expiry run has not come yet.
    await expireMemberDue(db, memberId, at);
    const redemptionId = newId();
    const entryId = newId();
    const journalValues = [entryId, memberId, -input.points, opId, caller.terminalId, caller.storeId, redemptionId, at];
    const minBalance = input.minBalance ?? 0;
    if (input.holdId) {
      // The hold's points are the member's too: the minimum is tested on the free balance
      // plus what is left of this hold, on the locked balance row.
      if (minBalance > 0) {
        const r = await db.query(
          `SELECT b.balance - b.held + coalesce(h.remaining, 0) AS spendable
           FROM balances b LEFT JOIN holds h ON h.id = $2 AND h.member_id = b.member_id AND h.state = 'active'
           WHERE b.member_id = $1 FOR UPDATE OF b`,
          [memberId, input.holdId],
        );
        const spendable = Number(r.rows[0]?.spendable ?? 0);
        if (spendable < minBalance) throw belowMinBalance(minBalance, spendable);
      }
      const taken = await db.query(
        `UPDATE holds SET remaining = remaining - $4,
           state = CASE WHEN remaining = $4 THEN 'used' ELSE 'active' END,
           closed_at = CASE WHEN remaining = $4 THEN $5::bigint END
         WHERE id = $1 AND terminal_id = $2 AND member_id = $3 AND state = 'active'
           AND expires_at > $5 AND remaining >= $4
         RETURNING id`,
        [input.holdId, caller.terminalId, memberId, input.points, at],
      );
      if (taken.rowCount === 0) {
        throw conflict('This hold is not open or has too few points left', { reason: 'holdUnavailable' });
      }
      await db.query('UPDATE balances SET held = held - $2 WHERE member_id = $1', [memberId, input.points]);
      await db.query(
        `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, store_id, ref_id, occurred_at, recorded_at)
         VALUES ($1, $2, 'redeem', $3, $4, $5, $6, $7, $8, $8)`,
        journalValues,
      );
    } else {
      const debited = await db.query(
        `INSERT INTO journal (id, member_id, kind, points, op_id, terminal_id, store_id, ref_id, occurred_at, recorded_at)
         SELECT $1, b.member_id, 'redeem', $3, $4, $5, $6, $7, $8, $8
         FROM balances b WHERE b.member_id = $2 AND b.balance - b.held >= greatest(-$3::bigint, $9::bigint)
         FOR UPDATE
         RETURNING id`,
        [...journalValues, minBalance],
      );
      if (debited.rowCount === 0) {
        const available = await availableOf(db, memberId);
        // Which test failed, on the balance as it is now (the row is locked by this transaction or free).
        if (available >= input.points && available < minBalance) throw belowMinBalance(minBalance, available);
        throw conflict('The member does not have that many points', { reason: 'insufficientPoints', available });
      }
    }
    await db.query(
      `INSERT INTO online_redemptions (id, member_id, terminal_id, store_id, reward_id, points, hold_id, entry_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        redemptionId,
        memberId,
        caller.terminalId,
        caller.storeId,
        input.rewardId ?? null,
        input.points,
        input.holdId ?? null,
        entryId,
        at,
      ],
    );
    return {
      redemptionId,
      memberId,
      points: input.points,
      holdId: input.holdId ?? null,
      balance: await balanceWire(db, memberId),
      replay: false,
    };
  });
}

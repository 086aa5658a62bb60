import type { HoldResult, StaffClaim } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import type { PoolClient } from '../db/pool';
import { withTx } from '../db/tx';
import { conflict, notFound } from '../errors';
import { newId } from '../ids';
import { balanceWire, survivorOf } from '../journal/journal';
import { idempotent } from '../online-requests';

/**
 * Holds: points reserved while online for one terminal to spend while offline. Taking one
 * is the same guarded statement as a redemption (`balance − held ≥ points`, on the locked
 * balance row) but raises `held` instead of appending a debit. Expired holds are released
 * lazily — by the next hold, redemption or push that touches the member — so an expired
 * hold can only make head office refuse too much, never allow too much.
 */

/** Closes the member's active holds (all, or only those past expiry) and lowers `held` by what they had left. */
export async function releaseHoldsOf(
  db: PoolClient,
  memberId: string,
  at: number,
  as: 'expired' | 'released',
): Promise<void> {
  await db.query(
    `WITH closed AS (
       UPDATE holds SET state = $3, closed_at = $2
       WHERE member_id = $1 AND state = 'active' AND ($3 = 'released' OR expires_at <= $2)
       RETURNING remaining)
     UPDATE balances SET held = held - (SELECT sum(remaining) FROM closed)
     WHERE member_id = $1 AND EXISTS (SELECT 1 FROM closed)`,
    [memberId, at, as],
  );
}

export async function availableOf(db: PoolClient, memberId: string): Promise<number> {
  const r = await db.query('SELECT balance - held AS available FROM balances WHERE member_id = $1', [memberId]);
  return r.rows[0]?.available ?? 0;
}

export async function requireMember(db: PoolClient, memberId: string): Promise<string> {
  const r = await db.query('SELECT erased_at FROM members WHERE id = $1', [memberId]);
  if (r.rowCount === 0) throw notFound('Member', { memberId });
  return (await survivorOf(db, memberId)).id;
}

export async function takeHold(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { opId: string; memberId: string; points: number; ttlMinutes: number; staff?: StaffClaim | null },
): Promise<HoldResult> {
  const { opId, ...request } = input;
  return idempotent(ctx, 'holds:take', caller, opId, request, async (db, at) => {
    const memberId = await requireMember(db, input.memberId);
    await releaseHoldsOf(db, memberId, at, 'expired');
    const reserved = await db.query(
      `UPDATE balances SET held = held + $2, updated_at = greatest(updated_at, $3)
       WHERE member_id = $1 AND balance - held >= $2 RETURNING member_id`,
      [memberId, input.points, at],
    );
    if (reserved.rowCount === 0) {
      throw conflict('The member does not have that many points free to hold', {
        reason: 'insufficientPoints',
        available: await availableOf(db, memberId),
      });
    }
    const holdId = newId();
    const expiresAt = at + input.ttlMinutes * 60_000;
    await db.query(
      `INSERT INTO holds (id, member_id, terminal_id, points, remaining, state, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $4, 'active', $5, $6)`,
      [holdId, memberId, caller.terminalId, input.points, expiresAt, at],
    );
    return {
      holdId,
      memberId,
      points: input.points,
      expiresAt,
      balance: await balanceWire(db, memberId),
      replay: false,
    };
  });
}

/** Gives back what is left of this terminal's hold. Releasing a closed hold again changes nothing. */
export async function releaseHold(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { holdId: string },
): Promise<HoldResult> {
  return withTx(ctx.pool, async (db) => {
    const at = ctx.now();
    const r = await db.query(
      `WITH closed AS (
         UPDATE holds SET state = 'released', closed_at = $3
         WHERE id = $1 AND terminal_id = $2 AND state = 'active'
         RETURNING member_id, remaining)
       UPDATE balances b SET held = b.held - closed.remaining FROM closed
       WHERE b.member_id = closed.member_id RETURNING b.member_id`,
      [input.holdId, caller.terminalId, at],
    );
    const hold = await db.query(
      'SELECT member_id, remaining, expires_at, state FROM holds WHERE id = $1 AND terminal_id = $2',
      [input.holdId, caller.terminalId],
    );
    if (hold.rowCount === 0) throw notFound('Hold', { holdId: input.holdId });
    const h = hold.rows[0];
    return {
      holdId: input.holdId,
      memberId: h.member_id,
      points: h.remaining,
      expiresAt: h.expires_at,
      balance: await balanceWire(db, h.member_id),
      replay: r.rowCount === 0,
    };
  });
}

/**
 * An offline spend reported by a push that names a hold: what it spent comes out of the
 * hold (up to what is left). The spend itself is journaled whatever the hold's state —
 * it happened at the counter — so a late push can only overdraw if the hold had expired.
 */
export async function spendFromHold(
  db: PoolClient,
  holdId: string,
  terminalId: string,
  memberId: string,
  points: number,
  at: number,
): Promise<number> {
  const r = await db.query(
    `SELECT remaining FROM holds
     WHERE id = $1 AND terminal_id = $2 AND member_id = $3 AND state = 'active' FOR UPDATE`,
    [holdId, terminalId, memberId],
  );
  if (r.rowCount === 0) return 0;
  const remaining = r.rows[0].remaining as number;
  const taken = Math.min(remaining, points);
  const closes = taken === remaining;
  await db.query(`UPDATE holds SET remaining = remaining - $2, state = $3, closed_at = $4 WHERE id = $1`, [
    holdId,
    taken,
    closes ? 'used' : 'active',
    closes ? at : null,
  ]);
  await db.query('UPDATE balances SET held = held - $2 WHERE member_id = $1', [memberId, taken]);
  return taken;
}

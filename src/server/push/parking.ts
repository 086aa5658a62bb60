import type { PushOp } from '../../shared/sync';
import type { PoolClient } from '../db/pool';

/**
 * Parking an op for a member head office does not know yet must not race that member's
 * registration: a push that finds no member while a registration is committing would
 * park its op just after the registration looked for parked ops — and stay parked for
 * ever. Both sides take a transaction-scoped advisory lock on the member id and the card
 * number first, so one of them always sees the other: either the registration commits
 * first (the parking side then finds the member), or the op is parked first (the
 * registration then finds and applies it).
 */
export async function lockMemberKeys(db: PoolClient, keys: { memberId?: string; cardNumber?: string }) {
  const names = [keys.memberId && `member:${keys.memberId}`, keys.cardNumber && `card:${keys.cardNumber}`]
    .filter((k): k is string => Boolean(k))
    .sort();
  for (const name of names) await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [name]);
}

/**
 * The member keys a batch touches, locked in one sorted order at the start of a push:
 * concurrent pushes about the same members then queue instead of deadlocking on each
 * other's balance rows (PostgreSQL would detect that, but only after deadlock_timeout,
 * and the push would be retried).
 */
export function memberKeysOf(ops: readonly PushOp[]): { memberId?: string; cardNumber?: string }[] {
  const keys: { memberId?: string; cardNumber?: string }[] = [];
  for (const op of ops) {
    if (op.kind === 'member.register') keys.push({ memberId: op.payload.memberId, cardNumber: op.payload.cardNumber });
    else if (op.kind === 'member.update' || op.kind === 'member.erase') keys.push({ memberId: op.payload.memberId });
    else if (op.kind === 'points.award' || op.kind === 'points.ledger') keys.push(op.payload.member);
    else if (op.kind === 'goals.move' || op.kind === 'voucher.use') keys.push(op.payload.member);
    else if (op.kind === 'member.referral') keys.push({ memberId: op.payload.memberId });
  }
  return keys;
}

export async function lockAllMemberKeys(db: PoolClient, ops: readonly PushOp[]) {
  const names = new Set<string>();
  for (const k of memberKeysOf(ops)) {
    if (k.memberId) names.add(`member:${k.memberId}`);
    if (k.cardNumber) names.add(`card:${k.cardNumber}`);
  }
  const sorted = [...names].sort();
  if (sorted.length === 0) return;
  // One key at a time, in sorted order (a single statement would not promise the order).
  for (const name of sorted) await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [name]);
}

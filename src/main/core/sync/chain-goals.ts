import type { GoalsWire } from '../../../shared/sync';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { isProvisional, withMergedProvisionals } from '../members/provisional';
import { inChainMode, NOT_IN_HEAD_OFFICE, readSyncState } from './state';

/**
 * Stamp cards across the chain (issue 12, migration 027). Head office sums every
 * terminal's goal entries and sends each member's cards (its migration 017); the chain's
 * card is that plus the goal entries recorded here that head office has not counted yet —
 * the same ops `readChainBalance` adds as "+ n here". The award progresses this card and
 * issues the voucher when it reaches the goal, wherever its stamps were collected.
 */

/** A member's cards from head office, kept if newer (one version per member). */
export function keepGoals(db: Db, w: GoalsWire): number {
  return stmt(
    db,
    `INSERT INTO sync_goals (member_id, goals, version) VALUES (?, ?, ?)
     ON CONFLICT (member_id) DO UPDATE SET goals = excluded.goals, version = excluded.version
     WHERE excluded.version > sync_goals.version`,
  ).run(w.memberId, JSON.stringify(w.goals), w.version).changes;
}

/**
 * The chain's balance of one card, or null when this terminal is not in chain mode (its
 * own ledger is the card). A provisional card (unknown to head office) is what was
 * recorded here, as for its points.
 */
export function chainGoalBalance(db: ReadDb, memberId: string, goalKey: string, local: number): number | null {
  if (!inChainMode(db) || isProvisional(db, memberId)) return null;
  const kept = stmt(db, 'SELECT goals FROM sync_goals WHERE member_id = ?').pluck().get(memberId) as string | undefined;
  const atHeadOffice = kept
    ? ((JSON.parse(kept) as GoalsWire['goals']).find((g) => g.goalKey === goalKey)?.balance ?? 0)
    : null;
  // Head office has never sent this member's cards (not pulled yet, or a head office
  // older than 017): the card as this terminal knows it.
  if (atHeadOffice === null) return local;
  const ids = withMergedProvisionals(db, memberId);
  const here = stmt(
    db,
    `SELECT coalesce(sum(json_extract(e.value, '$.amount')), 0)
     FROM sync_outbox o, json_each(o.payload, '$.entries') e
     WHERE o.member_id IN (SELECT value FROM json_each(?)) AND o.kind = 'goals.move' AND ${NOT_IN_HEAD_OFFICE}
       AND json_extract(e.value, '$.goalKey') = ?`,
  )
    .pluck()
    .get(JSON.stringify(ids), readSyncState(db).pushed_through, goalKey) as number;
  return atHeadOffice + here;
}

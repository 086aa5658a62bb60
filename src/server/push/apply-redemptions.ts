import type { PushedEntry } from '../../shared/sync';
import type { PoolClient } from '../db/pool';

/**
 * Which redemption and reward each pushed `redeem` / `redeem_void` entry was (migration
 * 019), for the head office page's "Redemptions by reward". `journalId`: the journal
 * entry it is — its own id, or for a redemption head office decided online, the entry head
 * office journaled then (the terminal's copy is checked, not journaled again). A replayed
 * op records nothing twice.
 */
export async function recordRedemptionEntries(
  db: PoolClient,
  entries: readonly PushedEntry[],
  journalId: (e: PushedEntry) => string | null = (e) => e.entryId,
): Promise<void> {
  const rows = entries.flatMap((e) => {
    const at = journalId(e);
    return e.redemption && at !== null ? [{ at, kind: e.kind, ...e.redemption }] : [];
  });
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO redemption_entries (entry_id, redemption_id, kind, reward_id, reward_name)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[])
     ON CONFLICT (entry_id) DO NOTHING`,
    [
      rows.map((r) => r.at),
      rows.map((r) => r.id),
      rows.map((r) => r.kind),
      rows.map((r) => r.rewardId),
      rows.map((r) => r.rewardName),
    ],
  );
}

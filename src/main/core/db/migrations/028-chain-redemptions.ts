import type { Migration } from '../migration';

/**
 * Version 28 (issue 12): head office reports redemptions by reward, as the terminal's own
 * reports page does. A redemption's ledger entries (`redeem`, and `redeem_void` when it is
 * voided) are captured with the redemption they belong to (the entry's `ref_id`) and the
 * reward named in their facts, so the `points.ledger` op can say which reward each one was
 * (shared/sync/ops.ts `pushedEntry.redemption`). Every other entry is captured as before.
 */
const on = `(SELECT capture FROM sync_state WHERE id = 1) = 1`;

export const m028ChainRedemptions: Migration = {
  version: 28,
  name: '028-chain-redemptions',
  up(db) {
    db.exec(`
      DROP TRIGGER sync_capture_entry;
      CREATE TRIGGER sync_capture_entry AFTER INSERT ON points_ledger WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('entry',
          json_object('entryId', new.id, 'memberId', new.member_id, 'kind', new.kind, 'points', new.points,
            'refId', new.ref_id, 'reason', new.reason, 'at', new.created_at,
            'redemption', CASE WHEN new.kind IN ('redeem', 'redeem_void') THEN json_object(
              'id', new.ref_id,
              'rewardId', json_extract(new.facts, '$.reward.id'),
              'rewardName', json_extract(new.facts, '$.reward.name')) END));
      END;
    `);
  },
};

import type { Migration } from '../migration';

/**
 * Version 19 (issue 12, what chain mode did not carry): the capture triggers of 012 also
 * note goal (stamp card) entries, vouchers issued / used / withdrawn and referrals, and a
 * purchase's bill reward (its discount and redemption, each line's share), so the outbox
 * step (core/sync/capture-ops.ts) can push them as `goals.move`, `voucher.use`,
 * `member.referral` and the award's `billReward`. Every trigger is still gated on
 * `sync_state.capture`: a standalone terminal writes nothing more than before.
 *
 * - `sync_capture` is rebuilt for its `what` CHECK (rows copied; it is empty between
 *   transactions except for 'invalid' rows and a job's captures not yet flushed). Its
 *   five 012 triggers are dropped first and recreated after (a rename would leave them
 *   naming a dropped table); the purchase and line triggers now carry the reward columns.
 * - `sync_state.audit_fork`: after a backup restore, the restored audit head
 *   (`{"seq":…,"hash":…}`) the next `audit.append` announces to head office
 *   (sync/restore-carry.ts), so head office records a fork instead of a broken chain.
 */
const on = `(SELECT capture FROM sync_state WHERE id = 1) = 1`;
const memberJson = (r: 'new' | 'old') =>
  `json_object('name', ${r}.name, 'phone', ${r}.phone, 'email', ${r}.email, 'birthday', ${r}.birthday,
     'marketingConsent', ${r}.marketing_consent, 'active', ${r}.active, 'erased', ${r}.erased_at IS NOT NULL)`;
const voucherJson = `json_object('id', new.id, 'memberId', new.member_id, 'goalKey', new.goal_key,
  'target', new.target, 'name', new.name, 'kind', new.kind, 'valueMinor', new.value_minor, 'sku', new.sku,
  'purchaseId', new.purchase_id, 'issueEntryId', new.issue_entry_id, 'availableFrom', new.available_from,
  'expiresAt', new.expires_at, 'createdAt', new.created_at, 'usedAt', new.used_at, 'usedOpId', new.used_op_id,
  'usedReceiptNo', new.used_receipt_no, 'withdrawnAt', new.withdrawn_at, 'withdrawEntryId', new.withdraw_entry_id)`;

export const m019SyncGoals: Migration = {
  version: 19,
  name: '019-sync-goals',
  up(db) {
    db.exec(`
      DROP TRIGGER sync_capture_member_insert;
      DROP TRIGGER sync_capture_member_update;
      DROP TRIGGER sync_capture_entry;
      DROP TRIGGER sync_capture_purchase;
      DROP TRIGGER sync_capture_line;

      CREATE TABLE sync_capture_v19 (
        seq INTEGER PRIMARY KEY,
        what TEXT NOT NULL CHECK (what IN ('member.insert', 'member.update', 'entry', 'purchase', 'line',
          'goal', 'voucher.insert', 'voucher.update', 'referral', 'invalid')),
        row TEXT NOT NULL
      ) STRICT;
      INSERT INTO sync_capture_v19 (seq, what, row) SELECT seq, what, row FROM sync_capture;
      DROP TABLE sync_capture;
      ALTER TABLE sync_capture_v19 RENAME TO sync_capture;

      ALTER TABLE sync_state ADD COLUMN audit_fork TEXT CHECK (audit_fork IS NULL OR json_valid(audit_fork));

      CREATE TRIGGER sync_capture_member_insert AFTER INSERT ON members WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.insert',
          json_object('id', new.id, 'cardNumber', new.card_number, 'new', ${memberJson('new')}));
      END;
      CREATE TRIGGER sync_capture_member_update
        AFTER UPDATE OF name, phone, email, birthday, marketing_consent, active, erased_at ON members
        WHEN ${on} AND (old.name IS NOT new.name OR old.phone IS NOT new.phone OR old.email IS NOT new.email
          OR old.birthday IS NOT new.birthday OR old.marketing_consent IS NOT new.marketing_consent
          OR old.active IS NOT new.active OR old.erased_at IS NOT new.erased_at)
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.update',
          json_object('id', new.id, 'cardNumber', new.card_number, 'old', ${memberJson('old')}, 'new', ${memberJson('new')}));
      END;
      CREATE TRIGGER sync_capture_entry AFTER INSERT ON points_ledger WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('entry',
          json_object('entryId', new.id, 'memberId', new.member_id, 'kind', new.kind, 'points', new.points,
            'refId', new.ref_id, 'reason', new.reason, 'at', new.created_at));
      END;
      CREATE TRIGGER sync_capture_purchase AFTER INSERT ON points_purchases WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('purchase',
          json_object('id', new.id, 'memberId', new.member_id, 'receiptNo', new.receipt_no,
            'totalMinor', new.total_minor, 'paidMinor', new.paid_minor, 'pointsUsed', new.points_used,
            'tierName', new.tier_name, 'rewardDiscountMinor', new.reward_discount_minor,
            'redemptionId', new.redemption_id));
      END;
      CREATE TRIGGER sync_capture_line AFTER INSERT ON points_purchase_lines WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('line',
          json_object('purchaseId', new.purchase_id, 'lineNo', new.line_no, 'sku', new.sku, 'category', new.category,
            'amountMinor', new.amount_minor - new.discount_minor, 'rewardDiscountMinor', new.reward_discount_minor));
      END;

      CREATE TRIGGER sync_capture_goal AFTER INSERT ON points_goal_ledger WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('goal',
          json_object('entryId', new.id, 'memberId', new.member_id, 'goalKey', new.goal_key, 'kind', new.kind,
            'amount', new.amount, 'refId', new.ref_id, 'voucherId', new.voucher_id));
      END;
      CREATE TRIGGER sync_capture_voucher_insert AFTER INSERT ON points_vouchers WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('voucher.insert', ${voucherJson});
      END;
      CREATE TRIGGER sync_capture_voucher_update AFTER UPDATE OF used_at, withdrawn_at ON points_vouchers
        WHEN ${on} AND (old.used_at IS NOT new.used_at OR old.withdrawn_at IS NOT new.withdrawn_at)
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('voucher.update', ${voucherJson});
      END;
      CREATE TRIGGER sync_capture_referral AFTER INSERT ON points_referrals WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('referral',
          json_object('memberId', new.member_id, 'referrerId', new.referrer_id));
      END;
    `);
  },
};

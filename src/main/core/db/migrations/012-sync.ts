import type { Migration } from '../migration';

/**
 * Chain mode (issue 12, terminal side): the outbox of operations for head office and
 * what the terminal keeps of head office's data. A standalone terminal is unchanged:
 * `sync_state.capture` stays 0 until the terminal is enrolled, and every capture trigger
 * below is gated on it, so nothing is written anywhere.
 *
 * - `sync_capture`: the triggers note each synced change (member rows, ledger entries,
 *   purchases and their lines) in the same transaction as the change; the dispatcher's
 *   outbox step (core/sync/outbox-step.ts) turns them into protocol operations before
 *   the transaction commits, so a crash either keeps both the operation and its outbox
 *   row or neither. Triggers rather than code in each handler: every write, whoever
 *   makes it (a handler, a job, the expiry chore), is captured the same way.
 * - `sync_outbox`: one protocol operation per row, `seq` 1, 2, 3 … with no gaps. Rows
 *   never change their operation (head office hashes it to recognise a retry): only
 *   their state moves on. Done rows stay until the pulled balances include them (the
 *   "+ n here" of a balance), rejected and conflicting ones stay for a manager.
 * - `sync_balances`, `sync_remote`: head office's balances and the versions (and, for
 *   rules and rewards, the data) of what was pulled; `sync_card_blocks`: card numbers
 *   head office gave this terminal.
 *
 * A later migration that rebuilds members, points_ledger, points_purchases or
 * points_purchase_lines must recreate the capture triggers.
 */
const on = `(SELECT capture FROM sync_state WHERE id = 1) = 1`;
const memberJson = (r: 'new' | 'old') =>
  `json_object('name', ${r}.name, 'phone', ${r}.phone, 'email', ${r}.email, 'birthday', ${r}.birthday,
     'marketingConsent', ${r}.marketing_consent, 'active', ${r}.active, 'erased', ${r}.erased_at IS NOT NULL)`;

export const m012Sync: Migration = {
  version: 12,
  name: '012-sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        capture INTEGER NOT NULL DEFAULT 0 CHECK (capture IN (0, 1)),
        server_url TEXT,
        store_id TEXT,
        store_name TEXT,
        terminal_name TEXT,
        enrolled_at INTEGER,
        revoked_at INTEGER,
        next_seq INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
        acked_through INTEGER NOT NULL DEFAULT 0,
        pushed_through INTEGER NOT NULL DEFAULT 0,
        audit_through INTEGER NOT NULL DEFAULT 0,
        pull_cursor TEXT,
        pulled_at INTEGER,
        last_contact_at INTEGER,
        offline_since INTEGER,
        last_error TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_capture (
        seq INTEGER PRIMARY KEY,
        what TEXT NOT NULL CHECK (what IN ('member.insert', 'member.update', 'entry', 'purchase', 'line', 'invalid')),
        row TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        op_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        staff TEXT,
        payload TEXT NOT NULL,
        member_id TEXT,
        points INTEGER NOT NULL DEFAULT 0,
        channel TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'rejected', 'conflict')),
        reason TEXT,
        message TEXT,
        answered_at INTEGER
      ) STRICT;
      CREATE INDEX sync_outbox_pending ON sync_outbox(seq) WHERE state = 'pending';
      CREATE INDEX sync_outbox_member ON sync_outbox(member_id, seq) WHERE member_id IS NOT NULL;
      CREATE TRIGGER sync_outbox_immutable BEFORE UPDATE OF seq, op_id, kind, at, staff, payload, member_id, points
        ON sync_outbox
      BEGIN SELECT RAISE(ABORT, 'an outbox operation never changes: head office recognises a retry by it'); END;

      CREATE TABLE sync_balances (
        member_id TEXT PRIMARY KEY,
        balance INTEGER NOT NULL,
        held INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_remote (
        entity TEXT NOT NULL CHECK (entity IN ('member', 'rule', 'reward')),
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT,
        PRIMARY KEY (entity, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_card_blocks (
        id TEXT PRIMARY KEY,
        prefix TEXT NOT NULL,
        first_body INTEGER NOT NULL,
        size INTEGER NOT NULL CHECK (size > 0),
        used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= size),
        issued_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

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
            'tierName', new.tier_name));
      END;
      CREATE TRIGGER sync_capture_line AFTER INSERT ON points_purchase_lines WHEN ${on}
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('line',
          json_object('purchaseId', new.purchase_id, 'lineNo', new.line_no, 'sku', new.sku, 'category', new.category,
            'amountMinor', new.amount_minor - new.discount_minor));
      END;
    `);
  },
};

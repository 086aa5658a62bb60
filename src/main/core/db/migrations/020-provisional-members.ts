import type { Migration } from '../migration';

/**
 * Version 20 (issue 12, members across stores): a card this terminal does not know,
 * scanned while head office cannot be asked, may still earn. The counter records a
 * *provisional* member keyed by that card: a members row (so its points go into the one
 * ledger, with the ledger's invariants) that has no name or contact, and a
 * `members_provisional` row saying which card it stands for and, once the real member
 * with that card is pulled, which member it was merged into (sync/provisional.ts).
 *
 * - `members` is rebuilt (SQLite cannot change a CHECK in place): a `provisional` flag,
 *   the row CHECK lets a provisional member go without name and contact, and its card
 *   may be released on the merge (`merged-<card>-<seq>`), so the real member can hold
 *   the card. Rows, seqs (the FTS rowids) and ids are copied as they are; its indexes
 *   and triggers are recreated from their own SQL. Foreign keys are off around this step
 *   and checked before it commits (migrate.ts).
 * - The capture triggers of 019 skip provisional rows: a provisional member is never a
 *   registration at head office. Its points travel keyed by card (sync/capture-ops.ts).
 */
const on = `(SELECT capture FROM sync_state WHERE id = 1) = 1`;
const memberJson = (r: 'new' | 'old') =>
  `json_object('name', ${r}.name, 'phone', ${r}.phone, 'email', ${r}.email, 'birthday', ${r}.birthday,
     'marketingConsent', ${r}.marketing_consent, 'active', ${r}.active, 'erased', ${r}.erased_at IS NOT NULL)`;

const COLUMNS = `seq, id, card_number, name, name_key, phone, phone_last4, email, birthday, marketing_consent,
  active, erased_at, pin_hash, pin_failed_attempts, pin_locked_until, reset_failed_attempts, reset_locked_until,
  created_at, updated_at, created_by`;

export const m020ProvisionalMembers: Migration = {
  version: 20,
  name: '020-provisional-members',
  rebuildsReferencedTable: true,
  up(db) {
    // Recreated in their original order (sqlite_master's rowid): the planner breaks ties
    // between equally good indexes by that order, and members/list.ts relies on its plans.
    const kept = db
      .prepare(
        `SELECT sql FROM sqlite_master WHERE tbl_name = 'members' AND type IN ('index', 'trigger') AND sql IS NOT NULL
           AND name NOT IN ('sync_capture_member_insert', 'sync_capture_member_update') ORDER BY rowid`,
      )
      .pluck()
      .all() as string[];
    db.exec(`
      CREATE TABLE members_v20 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        card_number TEXT NOT NULL UNIQUE CHECK (length(card_number) = 13 OR provisional = 1),
        name TEXT,
        name_key TEXT,
        phone TEXT UNIQUE,
        phone_last4 TEXT,
        email TEXT UNIQUE,
        birthday TEXT,
        marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        erased_at INTEGER,
        pin_hash TEXT,
        pin_failed_attempts INTEGER NOT NULL DEFAULT 0,
        pin_locked_until INTEGER NOT NULL DEFAULT 0,
        reset_failed_attempts INTEGER NOT NULL DEFAULT 0,
        reset_locked_until INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by TEXT REFERENCES staff(id),
        provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
        CHECK (erased_at IS NOT NULL OR provisional = 1
          OR (name IS NOT NULL AND (phone IS NOT NULL OR email IS NOT NULL))),
        CHECK (provisional = 0 OR (name IS NULL AND name_key IS NULL AND phone IS NULL AND email IS NULL
          AND birthday IS NULL AND pin_hash IS NULL))
      ) STRICT;
      INSERT INTO members_v20 (${COLUMNS}) SELECT ${COLUMNS} FROM members;
      DROP TABLE members;
      ALTER TABLE members_v20 RENAME TO members;
    `);
    for (const sql of kept) db.exec(sql);
    db.exec(`
      CREATE TABLE members_provisional (
        member_id TEXT PRIMARY KEY REFERENCES members(id),
        card_number TEXT NOT NULL UNIQUE CHECK (length(card_number) = 13),
        recorded_at INTEGER NOT NULL,
        recorded_by TEXT REFERENCES staff(id),
        merged_into TEXT REFERENCES members(id),
        merged_at INTEGER,
        CHECK ((merged_into IS NULL) = (merged_at IS NULL))
      ) STRICT, WITHOUT ROWID;
      -- A member's chain balance counts the ops of the provisional members merged into it.
      CREATE INDEX members_provisional_merged ON members_provisional(merged_into) WHERE merged_into IS NOT NULL;

      CREATE TRIGGER sync_capture_member_insert AFTER INSERT ON members WHEN ${on} AND new.provisional = 0
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.insert',
          json_object('id', new.id, 'cardNumber', new.card_number, 'new', ${memberJson('new')}));
      END;
      CREATE TRIGGER sync_capture_member_update
        AFTER UPDATE OF name, phone, email, birthday, marketing_consent, active, erased_at ON members
        WHEN ${on} AND new.provisional = 0 AND (old.name IS NOT new.name OR old.phone IS NOT new.phone
          OR old.email IS NOT new.email OR old.birthday IS NOT new.birthday
          OR old.marketing_consent IS NOT new.marketing_consent
          OR old.active IS NOT new.active OR old.erased_at IS NOT new.erased_at)
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.update',
          json_object('id', new.id, 'cardNumber', new.card_number, 'old', ${memberJson('old')}, 'new', ${memberJson('new')}));
      END;
    `);
  },
};

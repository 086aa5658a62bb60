import type { Migration } from '../migration';

/**
 * Members: contact data, card number, PIN, and the indexes that keep the counter's one
 * search box fast at a million members.
 *
 * - `seq` is the rowid alias so the FTS index can point at rows by a rowid that VACUUM
 *   never renumbers; `id` (UUIDv7) is what every other table references.
 * - No balance or tier here: the points area owns the ledger and its cached balance.
 * - Erasing personal data nulls name/phone/email/birthday, so the UNIQUE indexes free
 *   that phone and email for someone else (NULLs never collide in SQLite).
 * - `name_key` is the name normalised for search (NFKC, lower case, single spaces).
 * - `phone_last4` is the last four digits of the number, indexed: "last 4" lookups.
 * - Search by name: an FTS5 trigram index for 3+ characters; `member_name_grams` holds
 *   the 2-character pieces (every pair of a CJK name, the first two letters of each
 *   Latin word) because a trigram index cannot answer a 2-character query at all and
 *   2-character Chinese names are common. One character uses the `name_key` index.
 */
export const m002Members: Migration = {
  version: 2,
  name: '002-members',
  up(db) {
    db.exec(`
      CREATE TABLE members (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        card_number TEXT NOT NULL UNIQUE CHECK (length(card_number) = 13),
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
        CHECK (erased_at IS NOT NULL OR (name IS NOT NULL AND (phone IS NOT NULL OR email IS NOT NULL)))
      ) STRICT;

      CREATE INDEX members_phone_last4 ON members(phone_last4) WHERE phone_last4 IS NOT NULL;
      CREATE INDEX members_name_key ON members(name_key, seq) WHERE name_key IS NOT NULL;
      CREATE INDEX members_created ON members(created_at, seq);
      -- The managers' list filtered to inactive members (a few percent): small partial
      -- indexes, so those pages and their count do not scan every member.
      CREATE INDEX members_inactive_name ON members(name_key, seq) WHERE active = 0 AND name_key IS NOT NULL;
      CREATE INDEX members_inactive_created ON members(created_at, seq) WHERE active = 0 AND name_key IS NOT NULL;
      CREATE INDEX members_inactive_card ON members(card_number, seq) WHERE active = 0 AND name_key IS NOT NULL;

      CREATE TABLE member_name_grams (
        gram TEXT NOT NULL,
        member_seq INTEGER NOT NULL REFERENCES members(seq) ON DELETE CASCADE,
        PRIMARY KEY (gram, member_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_name_grams_member ON member_name_grams(member_seq);

      CREATE VIRTUAL TABLE members_fts USING fts5(
        name_key,
        content = 'members',
        content_rowid = 'seq',
        tokenize = 'trigram remove_diacritics 1'
      );
      -- Keep the external-content FTS index in step with members.name_key.
      CREATE TRIGGER members_fts_insert AFTER INSERT ON members WHEN new.name_key IS NOT NULL
      BEGIN
        INSERT INTO members_fts(rowid, name_key) VALUES (new.seq, new.name_key);
      END;
      CREATE TRIGGER members_fts_delete AFTER DELETE ON members WHEN old.name_key IS NOT NULL
      BEGIN
        INSERT INTO members_fts(members_fts, rowid, name_key) VALUES ('delete', old.seq, old.name_key);
      END;
      CREATE TRIGGER members_fts_update AFTER UPDATE OF name_key ON members
      BEGIN
        INSERT INTO members_fts(members_fts, rowid, name_key)
          SELECT 'delete', old.seq, old.name_key WHERE old.name_key IS NOT NULL;
        INSERT INTO members_fts(rowid, name_key)
          SELECT new.seq, new.name_key WHERE new.name_key IS NOT NULL;
      END;

      -- Members are never deleted: erasure pseudonymises, and the ledger keeps the id.
      CREATE TRIGGER members_no_delete BEFORE DELETE ON members
      BEGIN SELECT RAISE(ABORT, 'members are erased (pseudonymised), never deleted'); END;
    `);
  },
};

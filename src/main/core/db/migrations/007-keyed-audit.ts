import type { Migration } from '../migration';

/**
 * Keyed audit chain and private idempotency results. Depends on nothing after 005.
 *
 * - `audit_log.link` says how each record is linked: every existing record becomes
 *   'sha256' history (its digest verifies exactly as before); records from now on are
 *   'hmac-sha256', MACed with a key kept outside this file. The keyed chain's first
 *   record — `audit.chainKeyed`, naming the last unkeyed (seq, hash) — needs that key, so
 *   `openCore` writes it right after migrating (keys/secure-store.ts), in the same open.
 *   ADD COLUMN is not an UPDATE: the append-only triggers stay as they are.
 * - Idempotency results of `members:register` held the whole member record (name,
 *   phone, email, birthday) for 90 days, surviving an erasure. They now keep the member
 *   id only and a retry re-reads the member (operations.ts); existing ones are cut down
 *   here.
 * - The name search index (FTS5 trigrams) keeps a deleted name's trigrams in its
 *   segments until they are merged — an erased "Zebulon" stays as zeb/ebu/bul/…. FTS5's
 *   own `secure-delete` option removes them at delete time instead; `optimize` once
 *   merges away what earlier erasures left behind.
 */
export const m007KeyedAudit: Migration = {
  version: 7,
  name: '007-keyed-audit',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN link TEXT NOT NULL DEFAULT 'sha256'
        CHECK (link IN ('sha256', 'hmac-sha256'));

      UPDATE points_operations
         SET result = json_object('memberId', json_extract(result, '$.id'))
       WHERE channel = 'members:register' AND json_extract(result, '$.id') IS NOT NULL;

      INSERT INTO members_fts(members_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO members_fts(members_fts) VALUES ('optimize');
    `);
  },
};

import type { Migration } from '../migration';

/**
 * Version 17: a purchase line keeps the tags it was rung up with (issue 11 item 3,
 * "several labels per line"). Award has read tags since 015, but only the category was
 * stored, so the rules editor's what-if preview re-priced past lines without their tags
 * and a tag multiplier looked as if it changed nothing.
 *
 * `tags` is a JSON array of labels, NULL for a line without tags (every line stored
 * before this version): those re-price exactly as before. Adding a nullable column keeps
 * the table, so the sync capture trigger on it (012) stays as it is.
 */
export const m017LineTags: Migration = {
  version: 17,
  name: '017-line-tags',
  up(db) {
    db.exec(`ALTER TABLE points_purchase_lines ADD COLUMN tags TEXT CHECK (tags IS NULL OR json_valid(tags))`);
  },
};

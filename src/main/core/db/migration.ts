import type { Db } from './open-database';

/**
 * One schema step. `version` is the PRAGMA user_version after it runs; versions are
 * consecutive from 1. A migration runs inside one transaction with the version bump.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
  /**
   * A step that rebuilds a table other tables reference (SQLite's documented 12-step
   * table change): foreign keys are switched off around its transaction — a PRAGMA that
   * does nothing inside one — and `PRAGMA foreign_key_check` must come back empty before
   * it commits.
   */
  rebuildsReferencedTable?: boolean;
}

import type { Db } from './open-database';

/**
 * One schema step. `version` is the PRAGMA user_version after it runs; versions are
 * consecutive from 1. A migration runs inside one transaction with the version bump.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

import type { Migration } from '../migration';

/**
 * Offline operation: the history of exports for head office.
 *
 * One row per finished export attempt (success or failure), written when it ends: a
 * crash mid-export leaves no row, which reads correctly as "did not happen". The
 * watermark of an incremental export is the `watermark` of the newest successful run,
 * so it can only move forward together with a complete, verified export folder.
 *
 * Reports over a period ("points issued this month") need the ledger, refunds and
 * redemptions by time; those tables are indexed by member and append order only. The
 * covering (created_at, kind, points) index turns the period sums over 10M ledger
 * entries into a range scan of the index instead of a full table scan.
 */
export const m005Offline: Migration = {
  version: 5,
  name: '005-offline',
  up(db) {
    db.exec(`
      CREATE TABLE export_runs (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
        status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        -- Final folder name (relative to folder_root) when ok; NULL when failed.
        folder TEXT,
        folder_root TEXT NOT NULL,
        error TEXT,
        formats TEXT NOT NULL,
        -- JSON {dataset: rows} written by this run.
        row_counts TEXT NOT NULL DEFAULT '{}',
        -- JSON {dataset: highest rowid covered}; the next incremental run starts after it.
        watermark TEXT NOT NULL DEFAULT '{}',
        actor_id TEXT REFERENCES staff(id)
      ) STRICT;
      CREATE INDEX export_runs_status ON export_runs(status, finished_at);

      CREATE INDEX points_ledger_created ON points_ledger(created_at, kind, points);
      CREATE INDEX points_refunds_created ON points_refunds(created_at);
      CREATE INDEX reward_redemptions_created ON reward_redemptions(created_at);
    `);
  },
};

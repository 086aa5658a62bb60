import type { Migration } from '../migration';
import type { Db, ReadDb } from '../open-database';
import { addMonths } from '../../points/exact-math';
import { ruleSetAt } from '../../points/rules-repo';

/**
 * Rolling tier spend per member (issue 13: `reports:tierDistribution` ≤ 1 s at 1M members).
 *
 * `points_tier_spend` holds, per member, V = what they paid on purchases made at or after
 * the anchor `points_tier_window.since_ms` (S), less the refunds on those purchases, and
 * whether the member is current. Triggers keep it in the write transaction of every
 * purchase, refund and member change, whoever writes (award, refund, sync, erasure).
 * The partial index on spend over current members lets the report count each tier's
 * band as one index range, whatever the rules' thresholds, so a threshold change needs
 * nothing rebuilt.
 *
 * The window moves with time and no write happens when a purchase leaves it: the report
 * corrects V for the members whose purchases lie between S and its own window start (few
 * when S is recent), and the daily chore (reports/tier-spend.ts#advanceTierSpend) moves S
 * forward, subtracting what left. A window length (`tierWindowMonths`) other than the
 * stored one rebuilds the table in that chore; until then the report reads the month
 * totals (016), as it did before.
 */

const SCHEMA = `
  CREATE TABLE points_tier_window (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    window_months INTEGER NOT NULL,
    since_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE points_tier_spend (
    member_id TEXT PRIMARY KEY,
    spend_minor INTEGER NOT NULL,
    is_current INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX points_tier_spend_band ON points_tier_spend(spend_minor) WHERE is_current = 1;
`;

const CURRENT_OF = (id: string) =>
  `coalesce((SELECT active = 1 AND erased_at IS NULL FROM members WHERE id = ${id}), 0)`;
const SINCE = '(SELECT since_ms FROM points_tier_window WHERE id = 1)';

const TRIGGERS = `
  CREATE TRIGGER points_tier_spend_purchase AFTER INSERT ON points_purchases
    WHEN NEW.created_at >= ${SINCE}
  BEGIN
    INSERT INTO points_tier_spend (member_id, spend_minor, is_current)
      VALUES (NEW.member_id, NEW.paid_minor, ${CURRENT_OF('NEW.member_id')})
      ON CONFLICT (member_id) DO UPDATE SET spend_minor = spend_minor + excluded.spend_minor;
  END;
  CREATE TRIGGER points_tier_spend_refund AFTER INSERT ON points_refunds
    WHEN (SELECT created_at FROM points_purchases WHERE id = NEW.purchase_id) >= ${SINCE}
  BEGIN
    INSERT INTO points_tier_spend (member_id, spend_minor, is_current)
      VALUES (NEW.member_id, -NEW.amount_minor, ${CURRENT_OF('NEW.member_id')})
      ON CONFLICT (member_id) DO UPDATE SET spend_minor = spend_minor + excluded.spend_minor;
  END;
  CREATE TRIGGER points_tier_spend_member AFTER UPDATE OF active, erased_at ON members BEGIN
    UPDATE points_tier_spend SET is_current = (NEW.active = 1 AND NEW.erased_at IS NULL)
      WHERE member_id = NEW.id;
  END;
  CREATE TRIGGER points_tier_spend_member_gone AFTER DELETE ON members BEGIN
    DELETE FROM points_tier_spend WHERE member_id = OLD.id;
  END;
`;

/** The triggers, by name (the bench generator may drop them while it bulk-loads). */
export const TIER_SPEND_TRIGGERS = [
  'points_tier_spend_purchase',
  'points_tier_spend_refund',
  'points_tier_spend_member',
  'points_tier_spend_member_gone',
] as const;

/**
 * Recomputes the table for a window of `windowMonths` anchored at `sinceMs`, from the
 * purchases and refunds (the migration's backfill; the chore when the window length changed).
 */
export function rebuildTierSpend(db: Db, windowMonths: number, sinceMs: number): void {
  db.prepare('DELETE FROM points_tier_spend').run();
  db.prepare(
    `INSERT INTO points_tier_window (id, window_months, since_ms) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET window_months = excluded.window_months, since_ms = excluded.since_ms`,
  ).run(windowMonths, sinceMs);
  db.prepare(
    `INSERT INTO points_tier_spend (member_id, spend_minor, is_current)
     SELECT s.member_id, s.spend, (m.active = 1 AND m.erased_at IS NULL) FROM (
       SELECT member_id, sum(v) AS spend FROM (
         SELECT member_id, paid_minor AS v FROM points_purchases INDEXED BY points_purchases_period
          WHERE created_at >= @since
         UNION ALL
         SELECT r.member_id, -r.amount_minor FROM points_refunds r
           JOIN points_purchases p ON p.id = r.purchase_id WHERE p.created_at >= @since
       ) GROUP BY member_id
     ) s JOIN members m ON m.id = s.member_id WHERE s.spend <> 0`,
  ).run({ since: sinceMs });
}

/** Whether a store has the table (a store opened at an older version keeps the month totals). */
export function hasTierSpend(db: ReadDb): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'points_tier_spend'").get() !== undefined
  );
}

export function createTierSpendTriggers(db: Db): void {
  db.exec(TRIGGERS);
}

/** The table for the rules in force at `now`, anchored at that window's start (also the bench after a bulk load). */
export function rebuildTierSpendAt(db: Db, now: number): void {
  const windowMonths = ruleSetAt(db, now).rules.tierWindowMonths;
  rebuildTierSpend(db, windowMonths, addMonths(now, -windowMonths));
}

function up(db: Db, now: number): void {
  db.exec(SCHEMA);
  rebuildTierSpendAt(db, now);
  createTierSpendTriggers(db);
}

/**
 * Applies 022's schema to a store that lacks it (bench datasets, tests). Returns true
 * when it applied.
 */
export function applyTierSpendIfAbsent(db: Db, now = Date.now()): boolean {
  if (hasTierSpend(db)) return false;
  db.transaction(() => up(db, now)).immediate();
  return true;
}

export const m022TierSpend: Migration = {
  version: 22,
  name: '022-tier-spend',
  up: (db) => up(db, Date.now()),
};

import type { TestCore } from './core';

/** What points_report_hours must hold: the tables grouped by hour, straight from them. */
export function hoursFromTables(core: TestCore) {
  return core.db
    .prepare(
      `SELECT hour, metric, n, a, b, c FROM (
         SELECT created_at / 3600000 AS hour, 'purchase' AS metric, count(*) AS n, sum(total_minor) AS a,
                sum(discount_minor) AS b, sum(paid_minor) AS c FROM points_purchases GROUP BY 1
         UNION ALL
         SELECT created_at / 3600000, 'refund', count(*), sum(amount_minor), 0, 0 FROM points_refunds GROUP BY 1
         UNION ALL
         SELECT created_at / 3600000, 'points:' || kind, count(*), sum(points), 0, 0 FROM points_ledger GROUP BY 1, 2
       ) ORDER BY hour, metric`,
    )
    .all();
}

/** What the triggers kept. */
export const storedHours = (core: TestCore) =>
  core.db.prepare('SELECT hour, metric, n, a, b, c FROM points_report_hours ORDER BY hour, metric').all();

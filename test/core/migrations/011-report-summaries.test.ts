import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { seedActivity } from '../offline/seed';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { travel } from '../points/points-helpers';
import { hoursFromTables, storedHours } from '../../helpers/report-hours';

describe('migration 011-report-summaries', () => {
  it('backfills hourly summaries of a version-10 store with history, swaps the period index, and adds triggers', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 2 });
    await travel(core, tokens, 2 * 3_600_000);
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: s.receipts[0] }, tokens.cashier);
    const expected = hoursFromTables(core);
    expect(expected.length).toBeGreaterThan(1);
    // Back to what version 10 had: no summaries, no triggers, the old created-at index.
    core.db.exec(`
      DROP TRIGGER points_report_hours_purchase; DROP TRIGGER points_report_hours_refund;
      DROP TRIGGER points_report_hours_points; DROP TABLE points_report_hours;
      DROP INDEX points_purchases_period; CREATE INDEX points_purchases_created ON points_purchases(created_at);
      PRAGMA user_version = 10;`);
    expect(migrate(core.db, { to: 11 })).toEqual([11]);
    expect(schemaVersion(core.db)).toBe(11);
    expect(storedHours(core)).toEqual(expected);
    const names = core.db
      .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'points_purchases' AND type = 'index'")
      .pluck()
      .all();
    expect(names).toContain('points_purchases_period');
    expect(names).not.toContain('points_purchases_created');
    // From now on each write keeps the summaries in its own transaction.
    await seedActivity(core, tokens, { members: 1, purchasesEach: 1, offset: 10 });
    expect(storedHours(core)).toEqual(hoursFromTables(core));
  });
});

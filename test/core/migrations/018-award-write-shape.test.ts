import { describe, expect, it } from 'vitest';
import { makePointsCore, op, SCENARIO_RULES } from '../points/points-helpers';
import { m018AwardWriteShape } from '../../../src/main/core/db/migrations/018-award-write-shape';
import { expiringWithin } from '../../../src/main/core/points/expiry';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

const DAY = 86_400_000;

/** The plan SQLite picks, as one string of its detail lines. */
function plan(db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } }, sql: string, ...args: unknown[]) {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

describe('migration 018-award-write-shape', () => {
  it('upgrades a version-17 store: the index is gone, nothing else changes', () => {
    const db = openDatabase(':memory:');
    migrate(db, { to: 17 });
    const names = () => db.prepare('SELECT name FROM sqlite_master ORDER BY name').pluck().all() as string[];
    const before = names();
    expect(before).toContain('points_lots_open');
    migrate(db, { to: 18 }); // only 018's own change (019 on rebuilds sync tables)
    expect(schemaVersion(db)).toBe(18);
    expect(names()).toEqual(before.filter((n) => n !== 'points_lots_open'));
    db.close();
  });

  it('drops points_lots_open; every open-lot reader still runs on an index (no scan of the lots)', async () => {
    const t = await makePointsCore({ rules: { ...SCENARIO_RULES, expiryMonths: 1 } });
    expect(m018AwardWriteShape.version).toBe(18);
    const indexes = t.core.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points_lots'")
      .pluck()
      .all();
    expect(indexes).not.toContain('points_lots_open');
    expect(indexes).toEqual(expect.arrayContaining(['points_lots_spend', 'points_lots_due']));

    const db = t.core.db;
    const m = t.member;
    const now = t.core.clock.now();
    // The readers, as they are written (expiry.ts, ledger.ts): member lots by the spend
    // index's member prefix, the daily run by the due index.
    const readers = [
      `SELECT remaining AS points, expires_at AS expiresAt FROM points_lots INDEXED BY points_lots_spend
       WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id`,
      `SELECT id, member_id, remaining, earned_at FROM points_lots INDEXED BY points_lots_spend
       WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY earned_at, id`,
      `SELECT coalesce(sum(remaining), 0) AS s FROM points_lots INDEXED BY points_lots_spend
       WHERE member_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?`,
    ];
    for (const sql of readers) expect(plan(db, sql, m, now)).toMatch(/USING INDEX points_lots_spend \(member_id=\?\)/);
    expect(
      plan(
        db,
        `SELECT id, remaining FROM points_lots WHERE member_id = ? AND remaining > 0
         ORDER BY expires_at IS NULL, expires_at, earned_at, id LIMIT 64`,
        m,
      ),
    ).toMatch(/^SEARCH points_lots USING INDEX points_lots_spend \(member_id=\?\)$/);
    expect(
      plan(
        db,
        `SELECT id, member_id, remaining, earned_at FROM points_lots
         WHERE expires_at IS NOT NULL AND expires_at <= ? AND remaining > 0 ORDER BY member_id, earned_at, id`,
        now,
      ),
    ).toMatch(/USING INDEX points_lots_due/);

    // And the figure itself: points expiring within 40 days, from the member's lots.
    await t.core.ok(
      'points:award',
      { opId: op(), memberId: m, receiptNo: 'E-1', totalMinor: 12_300 },
      t.tokens.cashier,
    );
    const soon = expiringWithin(db, m, now, 40);
    expect(soon.points).toBe(
      db
        .prepare('SELECT sum(remaining) FROM points_lots WHERE member_id = ? AND expires_at <= ?')
        .pluck()
        .get(m, now + 40 * DAY),
    );
    expect(soon.points).toBeGreaterThan(0);
  });
});

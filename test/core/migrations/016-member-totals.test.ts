import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { seedActivity } from '../offline/seed';
import { travel } from '../points/points-helpers';
import {
  applyMemberTotalsIfAbsent,
  m016MemberTotals,
  monthIndex,
  monthStart,
} from '../../../src/main/core/db/migrations/016-member-totals';
import {
  checkMemberMonths,
  checkMemberTotals,
  checkMemberTotalsAtStartup,
} from '../../../src/main/core/points/member-totals-check';
import { memberMonths, memberTotalsReady } from '../../../src/main/core/points/member-totals';
import { memberTotalsCheck } from '../../../src/main/core/points/startup';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { checkMemberCounts } from '../../../src/main/core/members/list';

const DAY = 86_400_000;

describe('migration 016-member-totals', () => {
  it('backfills per-member month totals of a version-15 store with history, then triggers keep them exact', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 2 });
    await travel(core, tokens, 35 * DAY);
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: s.receipts[0] }, tokens.manager);
    const live = checkMemberTotals(core.db);
    expect(live).toEqual([]);
    // Back to what version 15 had: none of 016's tables, triggers or index.
    core.db.exec(`
      DROP TRIGGER points_member_months_purchase; DROP TRIGGER points_member_months_refund;
      DROP TRIGGER points_member_months_points; DROP TABLE points_member_months;
      DROP TRIGGER members_counts_insert; DROP TRIGGER members_counts_update; DROP TRIGGER members_counts_delete;
      DROP TABLE members_counts; PRAGMA user_version = 15;`);
    expect(applyMemberTotalsIfAbsent(core.db)).toBe(true);
    expect(applyMemberTotalsIfAbsent(core.db)).toBe(false);
    core.db.exec(`
      DROP TRIGGER points_member_months_purchase; DROP TRIGGER points_member_months_refund;
      DROP TRIGGER points_member_months_points; DROP TABLE points_member_months;
      DROP TRIGGER members_counts_insert; DROP TRIGGER members_counts_update; DROP TRIGGER members_counts_delete;
      DROP TABLE members_counts; PRAGMA user_version = 15;`);
    expect(migrate(core.db, { to: 16 })).toEqual([16]);
    expect(schemaVersion(core.db)).toBe(16);
    expect(memberTotalsReady(core.db)).toBe(true);
    expect(checkMemberTotals(core.db)).toEqual([]);
    const rows = core.db.prepare('SELECT count(*) FROM points_member_months').pluck().get() as number;
    expect(rows).toBeGreaterThan(3); // the refund landed in a later month than the purchases
    // A member's rows add up to their balance and their purchases.
    const m = s.memberIds[1];
    const months = memberMonths(core.db, m);
    const balance = core.db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').pluck().get(m);
    expect(months.reduce((x, r) => x + r.pointsIn - r.pointsOut, 0)).toBe(balance);
    const paid = core.db.prepare('SELECT sum(paid_minor) FROM points_purchases WHERE member_id = ?').pluck().get(m);
    expect(months.reduce((x, r) => x + r.paidMinor, 0)).toBe(paid);

    // Writes after the migration keep them in their own transaction.
    await seedActivity(core, tokens, { members: 1, purchasesEach: 2, offset: 10 });
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: s.receipts[2] }, tokens.manager);
    expect(checkMemberTotals(core.db)).toEqual([]);
    expect(memberTotalsCheck.run(core.db, core.clock.now(), 't')).toEqual([]);

    // A row edited outside the app is reported (by the full and the start-up check), never fixed.
    core.db.prepare('UPDATE points_member_months SET paid_minor = paid_minor + 1 WHERE member_id = ?').run(m);
    const bad = checkMemberTotals(core.db);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((b) => b.memberId === m)).toBe(true);
    expect(checkMemberTotalsAtStartup(core.db, 100).length).toBeGreaterThan(0);
    expect(checkMemberMonths(core.db, m).length).toBeGreaterThan(0);
    expect(checkMemberMonths(core.db, s.memberIds[0])).toEqual([]);
    const msgs = memberTotalsCheck.run(core.db, core.clock.now(), 't');
    expect(msgs.join('\n')).toContain(m);
    // A missing row too.
    core.db.prepare('DELETE FROM points_member_months WHERE member_id = ?').run(s.memberIds[2]);
    expect(checkMemberTotals(core.db).some((b) => b.memberId === s.memberIds[2] && b.side === 'tables')).toBe(true);
  });

  it('keeps live and inactive member counts for the members list, through deactivation and erasure', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await seedActivity(core, tokens, { members: 4, purchasesEach: 1 });
    applyMemberTotalsIfAbsent(core.db);
    const counts = () => core.db.prepare('SELECT live, inactive FROM members_counts').get();
    expect(counts()).toEqual({ live: 4, inactive: 0 });
    await core.ok('members:deactivate', { memberId: s.memberIds[0] }, tokens.cashier);
    await core.ok('members:erase', { memberId: s.memberIds[1], reason: 'memberRequest' }, tokens.manager);
    await core.ok('members:register', { name: 'New One', phone: '13800139999' }, tokens.cashier);
    expect(counts()).toEqual({ live: 4, inactive: 1 });
    await core.ok('members:erase', { memberId: s.memberIds[0], reason: 'memberRequest' }, tokens.manager);
    expect(counts()).toEqual({ live: 3, inactive: 0 });
    const list = await core.ok('members:list', { limit: 2 }, tokens.manager);
    expect(list.total).toBe(3);
    expect(checkMemberCounts(core.db)).toEqual([]);
    core.db.exec('UPDATE members_counts SET live = live + 1');
    expect(checkMemberCounts(core.db)).toHaveLength(1);
  });

  it('months are UTC calendar months, the same in SQL and JavaScript', async () => {
    const { core } = await makeStaffedCore();
    core.db.exec(`CREATE TEMP TABLE t (ms INTEGER)`);
    const samples = [
      0,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
    ];
    for (const ms of samples) {
      const sql = core.db
        .prepare(
          `SELECT CAST(strftime('%Y', ? / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ? / 1000, 'unixepoch') AS INTEGER) - 1`,
        )
        .pluck()
        .get(ms, ms);
      expect(sql).toBe(monthIndex(ms));
      expect(monthStart(monthIndex(ms))).toBeLessThanOrEqual(ms);
      expect(monthStart(monthIndex(ms) + 1)).toBeGreaterThan(ms);
    }
    expect(m016MemberTotals.version).toBe(16);
  });
});

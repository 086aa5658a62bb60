import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 019-sync-goals', () => {
  it('keeps pending captures, adds the goal/voucher/referral captures and the audit fork column; off in standalone mode', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m19-')), 'db.sqlite'));
    migrate(db, { to: 18 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m1', '2900000000017', 'Wang', 'wang', '+8613800000001', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, created_at, updated_at) VALUES ('m2', '2900000000024', 'Li', 'li', '+8613800000002', 1, 1)`,
    ).run();
    // A job's capture not flushed yet, and an invalid one kept for the status.
    db.prepare("INSERT INTO sync_capture (what, row) VALUES ('entry', '{}'), ('invalid', '{}')").run();
    expect(migrate(db, { to: 19 })).toEqual([19]);
    expect(schemaVersion(db)).toBe(19);
    expect(db.prepare('SELECT what FROM sync_capture ORDER BY seq').pluck().all()).toEqual(['entry', 'invalid']);
    expect(db.prepare('SELECT audit_fork FROM sync_state').pluck().get()).toBeNull();
    expect(() => db.prepare("UPDATE sync_state SET audit_fork = 'not json'").run()).toThrow(/CHECK/);

    const goal = (id: string) =>
      db
        .prepare(
          `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, op_id, terminal_id, facts, created_at)
           VALUES (?, 'm1', 'coffee', 'issue', 2, 2, 'op', 't', '{}', 1)`,
        )
        .run(id);
    const voucher = (id: string) =>
      db
        .prepare(
          `INSERT INTO points_vouchers (id, member_id, goal_key, target, name, kind, value_minor, purchase_id, issue_entry_id,
             available_from, created_at) VALUES (?, 'm1', 'coffee', 2, 'Free', 'amountOff', 500, 'p1', 'g1', 1, 1)`,
        )
        .run(id);
    // Standalone: nothing is captured.
    goal('g0');
    voucher('v0');
    db.prepare("INSERT INTO points_referrals (member_id, referrer_id, created_at) VALUES ('m2', 'm1', 1)").run();
    expect(db.prepare('SELECT count(*) FROM sync_capture').pluck().get()).toBe(2);

    // Chain mode: each is captured; a voucher's use is, a no-op update is not.
    db.prepare('UPDATE sync_state SET capture = 1').run();
    db.prepare("DELETE FROM sync_capture WHERE what <> 'invalid'").run();
    goal('g1');
    voucher('v1');
    db.prepare(
      "UPDATE points_vouchers SET used_at = 5, used_op_id = 'op2', used_receipt_no = 'R-1' WHERE id = 'v1'",
    ).run();
    const rows = db.prepare("SELECT what, row FROM sync_capture WHERE what <> 'invalid' ORDER BY seq").all() as {
      what: string;
      row: string;
    }[];
    expect(rows.map((r) => r.what)).toEqual(['goal', 'voucher.insert', 'voucher.update']);
    expect(JSON.parse(rows[2].row)).toMatchObject({ id: 'v1', usedAt: 5, usedReceiptNo: 'R-1', valueMinor: 500 });
    expect(JSON.parse(rows[0].row)).toMatchObject({ entryId: 'g1', goalKey: 'coffee', kind: 'issue', amount: 2 });
    // The member capture triggers of 012 still work on the rebuilt table.
    db.prepare("UPDATE members SET name = 'Wang Fang' WHERE id = 'm1'").run();
    expect(db.prepare("SELECT count(*) FROM sync_capture WHERE what = 'member.update'").pluck().get()).toBe(1);
  });
});

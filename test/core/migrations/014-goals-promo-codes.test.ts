import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate } from '../../../src/main/core/db/migrate';
import { ruleSetAt, ruleSetByVersion } from '../../../src/main/core/points/rules-repo';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import { minor } from '../../../src/shared/units';

/** A rule set as saved before 014 (010's fields included, none of 014's). */
const SAVED_BEFORE_014 = {
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'down',
  minSpendMinor: 0,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 50,
  expiryMonths: 0,
  expiry: { kind: 'days', count: 30 },
  promotionPolicy: 'stack',
  redeemRequiresPin: false,
  refundPolicy: 'capAtZero',
  tierWindowMonths: 12,
  tiers: [],
  categoryMultipliers: [],
  skuMultipliers: [],
  promotions: [
    { name: 'Double', startsAt: 0, endsAt: 9e12, kind: 'multiplier', multiplierPercent: 200 },
    { name: 'Gift', startsAt: 0, endsAt: 9e12, kind: 'bonus', bonusPoints: 5 },
  ],
};

describe('migration 014: goals and promo codes', () => {
  it('carries every stored rule set forward unchanged: same text, same parse, same points', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m17-')), 'perkdesk.sqlite'));
    migrate(db, { to: 13 });
    const json = JSON.stringify(SAVED_BEFORE_014);
    db.prepare(
      'INSERT INTO points_rule_sets (version, effective_from, rules, created_at, created_by) VALUES (2, 1000, ?, 1000, NULL)',
    ).run(json);
    migrate(db);
    expect((db.prepare('SELECT rules FROM points_rule_sets WHERE version = 2').get() as { rules: string }).rules).toBe(
      json,
    );
    const v2 = ruleSetByVersion(db, 2);
    expect(v2.rules).toEqual(SAVED_BEFORE_014); // no goals, no promoProgramme added by parsing
    expect(ruleSetAt(db, 2000).version).toBe(2);
    // ¥10.00 × 1 pt/¥1 × 2 = 20, + 5 = 25: as before 014, no code needed for either promotion.
    expect(computeEarn(v2.rules, null, 5000, [{ sku: null, category: null, amountMinor: minor(1000) }]).total).toBe(25);
    db.close();
  });

  it('creates append-only goal and code tables; a voucher changes once; a single-use code is used once', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m17b-')), 'perkdesk.sqlite'));
    // 014's own schema: 027 (chain goals) lets a chain terminal's part of a card go below zero.
    migrate(db, { to: 14 });
    db.prepare(
      "INSERT INTO members (id, card_number, name, email, created_at, updated_at) VALUES ('m1', '2000000000008', 'A', 'a@x.cn', 0, 0)",
    ).run();
    db.prepare(
      `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, op_id, terminal_id, facts, created_at)
       VALUES ('e1', 'm1', 'g', 'progress', 1, 1, 'o', 't', '{}', 0)`,
    ).run();
    expect(() => db.prepare('UPDATE points_goal_ledger SET amount = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_goal_ledger').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_goal_ledger (id, member_id, goal_key, kind, amount, balance_after, op_id, terminal_id, facts, created_at)
           VALUES ('e2', 'm1', 'g', 'clawback', -5, -4, 'o', 't', '{}', 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO points_vouchers (id, member_id, goal_key, target, name, kind, purchase_id, issue_entry_id, available_from, created_at)
       VALUES ('v1', 'm1', 'g', 10, 'Free', 'freeItem', 'p', 'e1', 0, 0)`,
    ).run();
    expect(() => db.prepare("UPDATE points_vouchers SET name = 'X' WHERE id = 'v1'").run()).toThrow(/once/);
    db.prepare("UPDATE points_vouchers SET used_at = 5 WHERE id = 'v1'").run();
    expect(() => db.prepare("UPDATE points_vouchers SET withdrawn_at = 6 WHERE id = 'v1'").run()).toThrow(/once/);
    db.prepare(
      "INSERT INTO points_promo_batches (id, code_key, max_uses, generated, count, created_at) VALUES ('b', 'K', 1, 1, 1, 0)",
    ).run();
    db.prepare(
      "INSERT INTO points_promo_codes (code, batch_id, code_key, max_uses, generated) VALUES ('C', 'b', 'K', 1, 1)",
    ).run();
    db.prepare(
      "INSERT INTO points_promo_code_uses (code, use_no, purchase_id, member_id, op_id, created_at) VALUES ('C', 1, 'p1', 'm1', 'o', 0)",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO points_promo_code_uses (code, use_no, purchase_id, member_id, op_id, created_at) VALUES ('C', 2, 'p2', 'm1', 'o', 0)",
        )
        .run(),
    ).toThrow(/used up/);
    db.close();
  });
});

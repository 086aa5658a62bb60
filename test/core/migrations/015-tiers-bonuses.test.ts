import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate } from '../../../src/main/core/db/migrate';
import { m015TiersBonuses } from '../../../src/main/core/db/migrations/015-tiers-bonuses';
import { ruleSetByVersion } from '../../../src/main/core/points/rules-repo';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import { minor } from '../../../src/shared/units';

/** A rule set as saved before 015: every field of 010, none of 015's. */
const SAVED_BEFORE_015 = {
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'down',
  minSpendMinor: 500,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 50,
  expiryMonths: 0,
  expiry: { kind: 'endOfYear' },
  roundingStep: 'purchase',
  promotionPolicy: 'stack',
  unitPoints: [{ category: 'coffee', points: 10 }],
  visitPoints: 5,
  redeemRequiresPin: false,
  refundPolicy: 'capAtZero',
  tierWindowMonths: 12,
  tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }],
  categoryMultipliers: [{ category: 'tea', multiplierPercent: 200 }],
  skuMultipliers: [{ sku: 'MUG', multiplierPercent: 0 }],
  promotions: [{ name: 'Double', startsAt: 0, endsAt: 9e12, kind: 'multiplier', multiplierPercent: 200 }],
};

function db014() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m18-')), 'perkdesk.sqlite'));
  migrate(db, { to: m015TiersBonuses.version - 1 });
  return db;
}

describe('migration 015: tiers and programme bonuses', () => {
  it('carries every stored rule set forward unchanged: same text, same parse, same points', () => {
    const db = db014();
    const json = JSON.stringify(SAVED_BEFORE_015);
    db.prepare(
      'INSERT INTO points_rule_sets (version, effective_from, rules, created_at, created_by) VALUES (2, 1000, ?, 1000, NULL)',
    ).run(json);
    const lines = [
      { sku: null, category: 'tea', amountMinor: minor(1000) },
      { sku: null, category: 'coffee', amountMinor: minor(1000), quantity: 2 },
      { sku: 'MUG', category: null, amountMinor: minor(5000) },
    ];
    const before = computeEarn(ruleSetByVersion(db, 2).rules, SAVED_BEFORE_015.tiers[0], 5000, lines);
    const rowsBefore = db.prepare('SELECT * FROM points_rule_sets ORDER BY version').all();
    expect(migrate(db, { to: m015TiersBonuses.version })).toEqual([15]);
    expect(db.prepare('SELECT * FROM points_rule_sets ORDER BY version').all()).toEqual(rowsBefore);
    const v2 = ruleSetByVersion(db, 2);
    expect(v2.rules).toEqual(SAVED_BEFORE_015); // no field added by parsing
    const after = computeEarn(v2.rules, v2.rules.tiers[0], 5000, lines);
    expect(after).toEqual(before);
    // (¥10 tea ×2 + ¥10) × 1 pt/¥1 × Gold 1.5 × Double 2 = 90, + 2 × 10 per unit + 5 per visit = 115.
    expect(after.total).toBe(115);
    db.close();
  });

  it('records one referrer per member, never the member themself, and each bonus once', () => {
    const db = db014();
    migrate(db);
    const member = (id: string) =>
      db
        .prepare(
          "INSERT INTO members (id, card_number, name, name_key, email, created_at, updated_at) VALUES (?, ?, 'M', 'm', ? || '@example.com', 1, 1)",
        )
        .run(id, id === 'a' ? '1000000000001' : '1000000000002', id);
    member('a');
    member('b');
    const refer = db.prepare('INSERT INTO points_referrals (member_id, referrer_id, created_at) VALUES (?, ?, 1)');
    refer.run('b', 'a');
    expect(() => refer.run('b', 'a')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => refer.run('a', 'a')).toThrow(/CHECK/);
    expect(() => refer.run('a', 'nobody')).toThrow(/FOREIGN KEY/);
    const index = db
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'points_ledger_bonus_once'")
      .pluck()
      .get() as string;
    expect(index).toMatch(/UNIQUE INDEX .* WHERE ref_id LIKE 'bonus:%'/);
    db.close();
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate } from '../../../src/main/core/db/migrate';
import { ruleSetAt, ruleSetByVersion } from '../../../src/main/core/points/rules-repo';
import { computeEarn } from '../../../src/main/core/points/earn-calc';
import { lotExpiry } from '../../../src/main/core/points/expiry-policy';
import { minor } from '../../../src/shared/units';

/** A manager's rule set as PerkDesk saved it before 010 (every field it had, none of 010's). */
const SAVED_BEFORE_010 = {
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'nearest',
  minSpendMinor: 500,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 50,
  expiryMonths: 6,
  redeemRequiresPin: false,
  refundPolicy: 'capAtZero',
  tierWindowMonths: 12,
  tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }],
  categoryMultipliers: [{ category: 'tea', multiplierPercent: 200 }],
  skuMultipliers: [],
  promotions: [
    { name: 'Double', startsAt: 0, endsAt: 9e12, kind: 'multiplier', multiplierPercent: 300 },
    { name: 'Tripler', startsAt: 0, endsAt: 9e12, kind: 'multiplier', multiplierPercent: 200 },
    { name: 'Gift', startsAt: 0, endsAt: 9e12, kind: 'bonus', bonusPoints: 5 },
    { name: 'Gift 2', startsAt: 0, endsAt: 9e12, kind: 'bonus', bonusPoints: 7 },
  ],
};

describe('migration 010: rules expiry and programme window', () => {
  it('carries every stored rule set forward unchanged: same text, same parse, same points, same expiry', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m10-')), 'perkdesk.sqlite'));
    migrate(db, { to: 9 });
    const json = JSON.stringify(SAVED_BEFORE_010);
    db.prepare(
      'INSERT INTO points_rule_sets (version, effective_from, rules, created_at, created_by) VALUES (2, 1000, ?, 1000, NULL)',
    ).run(json);
    migrate(db);

    const row = db.prepare('SELECT rules, effective_until FROM points_rule_sets WHERE version = 2').get() as {
      rules: string;
      effective_until: number | null;
    };
    expect(row).toEqual({ rules: json, effective_until: null });
    const v2 = ruleSetByVersion(db, 2);
    expect(v2.rules).toEqual(SAVED_BEFORE_010); // no field added by parsing
    expect(ruleSetAt(db, 2000).version).toBe(2);
    expect(ruleSetAt(db, 999).version).toBe(1);

    // ¥10 of tea + ¥10 else, Gold: best multiplier (×3) per line, both bonuses add, rounded once:
    // (1000×2 + 1000) × 1/100 × 1.5 × 3 = 135, + 5 + 7 = 147 — as before 010.
    const earn = computeEarn(v2.rules, v2.rules.tiers[0], 5000, [
      { sku: null, category: 'tea', amountMinor: minor(1000) },
      { sku: null, category: null, amountMinor: minor(1000) },
    ]);
    expect(earn.total).toBe(147);
    expect(earn.facts.rounding).toEqual({ mode: 'nearest', appliedTo: 'purchase' });
    // Expiry: 6 months after the moment of earning, whatever the store's zone.
    const t = Date.UTC(2026, 0, 31, 7);
    expect(lotExpiry(v2.rules, t, 'Asia/Shanghai')).toBe(Date.UTC(2026, 6, 31, 7));

    const idx = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'points_lots_spend'")
      .pluck()
      .get();
    expect(idx).toMatch(/expires_at IS NULL, expires_at, earned_at, id/);
    // The immutability triggers still hold.
    expect(() => db.prepare('UPDATE points_rule_sets SET effective_until = 1 WHERE version = 2').run()).toThrow(
      /immutable/,
    );
  });

  it('spending and due-lot reads run on the new index', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m10-')), 'perkdesk.sqlite'));
    migrate(db);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, remaining FROM points_lots WHERE member_id = ? AND remaining > 0
         ORDER BY expires_at IS NULL, expires_at, earned_at, id LIMIT 64`,
      )
      .all('m') as { detail: string }[];
    const text = plan.map((p) => p.detail).join(' | ');
    expect(text).toMatch(/points_lots_spend/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});

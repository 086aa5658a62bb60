import { describe, expect, it } from 'vitest';
import { makePointsCore, op, SCENARIO_RULES } from '../points/points-helpers';
import { m017LineTags } from '../../../src/main/core/db/migrations/017-line-tags';
import type { RuleSet } from '../../../src/shared/contract/points';

// 1 pt per ¥1; a `gift` label earns ×3 — as a line's category or as one of its tags.
const RULES: RuleSet = { ...SCENARIO_RULES, categoryMultipliers: [], skuMultipliers: [], promotions: [], tiers: [] };
const GIFT_X3: RuleSet = { ...RULES, categoryMultipliers: [{ category: 'gift', multiplierPercent: 300 }] };

describe('migration 017-line-tags', () => {
  it('adds a nullable JSON tags column to purchase lines; lines stored before it have none', async () => {
    const t = await makePointsCore({ rules: RULES });
    expect(m017LineTags.version).toBe(17);
    const cols = t.core.db.prepare('PRAGMA table_info(points_purchase_lines)').all() as {
      name: string;
      notnull: number;
    }[];
    expect(cols.find((c) => c.name === 'tags')).toMatchObject({ notnull: 0 });
    await t.core.ok(
      'points:award',
      { opId: op(), memberId: t.member, receiptNo: 'T-1', totalMinor: 1_000 },
      t.tokens.cashier,
    );
    expect(() => t.core.db.prepare("UPDATE points_purchase_lines SET tags = 'not json'").run()).toThrow(/CHECK/);
    const row = t.core.db.prepare('SELECT tags FROM points_purchase_lines').get() as { tags: string | null };
    expect(row.tags).toBeNull();
  });

  it('keeps the tags an award was rung up with, so the what-if preview re-prices a tag multiplier', async () => {
    const t = await makePointsCore({ rules: RULES });
    const a = await t.core.ok(
      'points:award',
      {
        opId: op(),
        memberId: t.member,
        receiptNo: 'T-2',
        lines: [
          { quantity: 1, unitPriceMinor: 1_000, category: 'tea', tags: ['gift'] },
          { quantity: 1, unitPriceMinor: 500, category: 'tea' },
        ],
      },
      t.tokens.cashier,
    );
    expect(a.pointsEarned).toBe(15);
    const tags = t.core.db.prepare('SELECT tags FROM points_purchase_lines ORDER BY line_no').all() as {
      tags: string | null;
    }[];
    expect(tags.map((r) => r.tags)).toEqual(['["gift"]', null]);
    // ¥10.00 tagged gift × 3 = 30, + ¥5.00 × 1 = 5: 35 (before 017 the preview saw no tag: 15).
    const p = await t.core.ok('points:previewRules', { rules: GIFT_X3 }, t.tokens.manager);
    expect(p.rows[0]).toMatchObject({ actualPoints: 15, proposedPoints: 35 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { parseFacts, type ExplanationFacts } from '../../../src/shared/explain/facts';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';
import { pointsOf } from '../../../src/shared/explain/earn-steps';
import { T0, V5, seedV5Rows } from './006-v5-rows';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function v5WithHistory(): { db: Db; ids: ReturnType<typeof seedV5Rows> } {
  const dir = mkdtempSync(join(tmpdir(), 'pd-m6-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, { to: 5 });
  const ids = db.transaction(() => seedV5Rows(db))();
  return { db, ids };
}

const UTC = { currency: 'CNY', minorUnits: 2, timeZone: 'UTC' } as const;
const en = (f: ExplanationFacts) => formatExplanation(f, { locale: 'en', ...UTC });
const zh = (f: ExplanationFacts) => formatExplanation(f, { locale: 'zh-CN', ...UTC });

function ledgerFacts(db: Db, memberId: string): { kind: string; points: number; facts: ExplanationFacts }[] {
  return (
    db.prepare('SELECT kind, points, facts FROM points_ledger WHERE member_id = ? ORDER BY seq').all(memberId) as {
      kind: string;
      points: number;
      facts: string;
    }[]
  ).map((r) => ({ ...r, facts: parseFacts(r.facts) }));
}

const columns = (db: Db, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);

describe('migration 006-explanation-facts', () => {
  it('replaces the English text with facts on every ledger entry, purchase and refund', () => {
    const { db } = v5WithHistory();
    const before = db.prepare('SELECT id, member_id, kind, points, balance_after, seq FROM points_ledger').all();
    const balances = db.prepare('SELECT * FROM points_balances ORDER BY member_id').all();
    const lots = db.prepare('SELECT * FROM points_lots ORDER BY id').all();

    expect(migrate(db, { to: 6 })).toEqual([6]);
    expect(schemaVersion(db)).toBe(6);
    for (const t of ['points_ledger', 'points_purchases', 'points_refunds']) {
      expect(columns(db, t), t).toContain('facts');
      expect(columns(db, t), t).not.toContain('explanation');
    }
    expect(columns(db, 'points_purchases')).not.toContain('breakdown');
    // Every number stays: entries, balances, lots.
    expect(db.prepare('SELECT id, member_id, kind, points, balance_after, seq FROM points_ledger').all()).toEqual(
      before,
    );
    expect(db.prepare('SELECT * FROM points_balances ORDER BY member_id').all()).toEqual(balances);
    expect(db.prepare('SELECT * FROM points_lots ORDER BY id').all()).toEqual(lots);
    // Every row's facts are valid version-1 facts.
    for (const t of ['points_ledger', 'points_purchases', 'points_refunds']) {
      for (const json of db.prepare(`SELECT facts FROM ${t}`).pluck().all() as string[]) {
        expect(() => parseFacts(json), `${t}: ${json}`).not.toThrow();
      }
    }
  });

  it("rebuilds Lin Mei's history from the stored figures, and it reads in both languages", () => {
    const { db } = v5WithHistory();
    migrate(db, { to: 6 });
    const history = ledgerFacts(db, V5.members.lin.id);
    expect(history.map((h) => h.facts.kind)).toEqual([
      'earn',
      'earn',
      'pay',
      'earn',
      'refund',
      'refundReturn',
      'refund',
      'redeem',
      'redeemVoid',
      'adjust',
      'adjust',
      'expire',
    ]);
    expect(history.map((h) => en(h.facts))).toEqual([
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down) · receipt OLD-1',
      '(¥10.00 drinks ×2 + ¥3.00 SKU COLA-1 ×3 + ¥4.50 Double snacks ×2 + ¥20.00) × 1 pt/¥1 = 58, ' +
        'Gold ×1.5 = 87, Opening bonus +50 → 137 pts · receipt OLD-2',
      'Paid ¥2.00 of ¥100.00 with 200 pts · receipt OLD-3',
      '¥98.00 × 1 pt/¥1 = 98, Gold ×1.5 = 147 pts (¥2.00 paid with 200 pts) · receipt OLD-3',
      'Returned 1 × line 1 (¥5.00): -21 pts earned · receipt OLD-2',
      'Points that paid for returned 1 × line 1 given back: +200 pts · receipt OLD-3',
      'Returned 1 × line 1 (¥98.00): -147 pts earned, +200 pts that paid for it · receipt OLD-3',
      'Redeemed Free coffee (coupon ABCD-EFGH-JKLM) for 100 pts',
      'Void of Free coffee: +100 pts back · Wrong member',
      'Manager adjustment +10 pts: Goodwill: long queue',
      'Manager adjustment +40 pts: Welcome gift',
      '40 pts expired (earned Jan 8, 2026)',
    ]);
    expect(history.map((h) => zh(h.facts))).toEqual([
      '¥105.00 × 1 积分/¥1 = 105，Gold ×1.5 = 157.5 → 157 积分（向下取整） · 小票 OLD-1',
      '(¥10.00 drinks ×2 + ¥3.00 货号 COLA-1 ×3 + ¥4.50 Double snacks ×2 + ¥20.00) × 1 积分/¥1 = 58，' +
        'Gold ×1.5 = 87，Opening bonus +50 → 137 积分 · 小票 OLD-2',
      '用 200 积分抵扣 ¥100.00 中的 ¥2.00 · 小票 OLD-3',
      '¥98.00 × 1 积分/¥1 = 98，Gold ×1.5 = 147 积分（¥2.00 由 200 积分抵扣） · 小票 OLD-3',
      '退货 第 1 行 × 1（¥5.00）：扣回所得 -21 积分 · 小票 OLD-2',
      '退货 第 1 行 × 1：退还抵扣所用 +200 积分 · 小票 OLD-3',
      '退货 第 1 行 × 1（¥98.00）：扣回所得 -147 积分，退还抵扣所用 +200 积分 · 小票 OLD-3',
      '兑换 Free coffee（券码 ABCD-EFGH-JKLM），使用 100 积分',
      '撤销兑换 Free coffee：退回 +100 积分 · Wrong member',
      '经理调整 +10 积分：Goodwill: long queue',
      '经理调整 +40 积分：Welcome gift',
      '40 积分已过期（获得于 2026年1月8日）',
    ]);
    // Rebuilt award facts add up to exactly what was awarded.
    for (const h of history) if (h.facts.kind === 'earn') expect(pointsOf(h.facts)).toBe(h.points);
  });

  it('gives purchases and refunds the same facts as their entries', () => {
    const { db, ids } = v5WithHistory();
    migrate(db, { to: 6 });
    const facts = (sql: string, id: string) => parseFacts(db.prepare(sql).pluck().get(id) as string);
    const purchase = (id: string) => facts('SELECT facts FROM points_purchases WHERE id = ?', id);
    const refund = (id: string) => facts('SELECT facts FROM points_refunds WHERE id = ?', id);
    const entryOf = (id: string) =>
      facts('SELECT facts FROM points_ledger WHERE id = (SELECT earn_entry_id FROM points_purchases WHERE id = ?)', id);
    for (const p of [ids.purchases.p1, ids.purchases.p2, ids.purchases.p3]) expect(purchase(p)).toEqual(entryOf(p));
    expect(purchase(ids.purchases.p3)).toMatchObject({
      kind: 'earn',
      ruleVersion: 2,
      paidMinor: 9800,
      payment: { totalMinor: 10000, discountMinor: 200, pointsUsed: 200 },
      points: 147,
    });
    expect(refund(ids.refunds.r1)).toMatchObject({
      kind: 'refund',
      receiptNo: 'OLD-2',
      purchaseRuleVersion: 2,
      policy: 'clawBackNegative',
      lines: [{ lineNo: 1, quantity: 1, amountMinor: 500, pointsOwed: 21, pointsReturned: 0 }],
      pointsClawedBack: 21,
      shortfall: 0,
      overdrawn: 0,
    });
    expect(refund(ids.refunds.r2)).toMatchObject({ pointsOwed: 147, pointsReturned: 200 });
  });

  it('tells a bulk clear from a member clear without reading the English', () => {
    const { db } = v5WithHistory();
    // The English says "Bulk clear of …" only for Zhou Lei; break that clue to prove it is not what decides.
    db.exec(`
      DROP TRIGGER points_ledger_no_update;
      UPDATE points_ledger SET explanation = 'x' WHERE kind = 'clear';
      CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
    `);
    migrate(db, { to: 6 });
    const clear = (m: string) => ledgerFacts(db, m).find((h) => h.kind === 'clear')!.facts;
    expect(clear(V5.members.zhou.id)).toEqual({
      schemaVersion: 1,
      kind: 'clear',
      scope: 'bulk',
      points: 50,
      reason: 'Programme relaunch',
    });
    expect(clear(V5.members.wu.id)).toMatchObject({ kind: 'clear', scope: 'member', points: 999 });
    expect(en(clear(V5.members.zhou.id))).toBe('Bulk clear of 50 pts: Programme relaunch');
    expect(zh(clear(V5.members.wu.id))).toBe('清零 999 积分：Card shared');
  });

  it('gives a row whose figures do not add up legacy facts that still read in both languages', () => {
    const { db, ids } = v5WithHistory();
    migrate(db, { to: 6 });
    const p = parseFacts(
      db.prepare('SELECT facts FROM points_purchases WHERE id = ?').pluck().get(ids.purchases.broken) as string,
    );
    expect(p).toEqual({
      schemaVersion: 1,
      kind: 'legacy',
      entry: 'purchase',
      points: 999,
      amountMinor: 1000,
      receiptNo: 'OLD-9',
    });
    const earn = ledgerFacts(db, V5.members.wu.id)[0].facts;
    expect(earn).toMatchObject({ kind: 'legacy', entry: 'earn', points: 999 });
    expect(en(earn)).toBe('Award ¥10.00 → +999 pts · receipt OLD-9');
    expect(zh(earn)).toBe('消费 ¥10.00 → +999 积分 · 小票 OLD-9');
  });

  it('rewrites replayable results of recorded operations to the new shape', () => {
    const { db, ids } = v5WithHistory();
    migrate(db, { to: 6 });
    const result = JSON.parse(
      db.prepare('SELECT result FROM points_operations WHERE op_id = ?').pluck().get(ids.awardOpId) as string,
    ) as Record<string, unknown>;
    expect(result).not.toHaveProperty('explanation');
    expect(result).not.toHaveProperty('breakdown');
    expect(result).toMatchObject({
      purchaseId: ids.purchases.p1,
      pointsEarned: 157,
      facts: { kind: 'earn', points: 157 },
    });
  });

  it('keeps the ledger append-only afterwards and refuses rows without facts', () => {
    const { db } = v5WithHistory();
    migrate(db, { to: 6 });
    expect(() => db.prepare("UPDATE points_ledger SET points = 1 WHERE kind = 'earn'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_ledger').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, created_at)
           VALUES ('x', ?, 'adjust', 1, 1, 'op', 't', ?)`,
        )
        .run(V5.members.lin.id, T0),
    ).toThrow(/facts is required/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO points_refunds (id, purchase_id, member_id, op_id, terminal_id, amount_minor, points_owed,
             points_clawed_back, shortfall, points_returned, policy, lines, created_at)
           SELECT 'x', id, member_id, 'op', 't', 0, 0, 0, 0, 0, 'capAtZero', '[]', 1 FROM points_purchases LIMIT 1`,
        )
        .run(),
    ).toThrow(/facts is required/);
  });

  it('migrates an empty store too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-m6-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'db.sqlite'));
    migrate(db, { to: 5 });
    expect(migrate(db, { to: 6 })).toEqual([6]);
    expect(db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(0);
  });
});

import type { Db } from '../../../src/main/core/db/open-database';

/**
 * A points history exactly as schema version 5 wrote it — English `explanation` text,
 * the purchases' `breakdown` JSON, the v5 result shape in the idempotency log — with
 * the figures the v5 engine produced, written out by hand (never by live code, which
 * may change). Used by the migration 006 test and by the e2e spec that opens such a
 * store in the real UI. The database must be at version 5 with no other points data.
 *
 * Lin Mei (Gold ×1.5 for everyone under rule version 2) has, in order: a ¥105.00
 * purchase (157 pts), an itemised one with item multipliers, a category promotion and a
 * bonus (137 pts), one paid partly with 200 pts (147 pts), a partial and a full refund,
 * a coupon redeemed and voided, two adjustments, and an expiry. Zhou Lei's points went
 * in a bulk clear; Wu Qiang's in a member clear, and Wu Qiang has one purchase whose
 * stored points no rule could produce (it must become `legacy`).
 */
export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0); // a Monday, 10:00 in Shanghai
const H = 3_600_000;
const DAY = 24 * H;

export const V5 = {
  members: {
    lin: { id: '01900000-0000-7000-8000-0000000000a1', name: 'Lin Mei', phone: '+8613987654321' },
    zhou: { id: '01900000-0000-7000-8000-0000000000a2', name: 'Zhou Lei', phone: '+8613700001111' },
    wu: { id: '01900000-0000-7000-8000-0000000000a3', name: 'Wu Qiang', phone: '+8613600002222' },
  },
  rewardId: '01900000-0000-7000-8000-0000000000c1',
};

/** Rule version 2 as v5 stored it (every field of the v5 rule set). */
export const RULES_V2 = {
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'down',
  minSpendMinor: 0,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 50,
  expiryMonths: 0,
  redeemRequiresPin: false,
  refundPolicy: 'clawBackNegative',
  tierWindowMonths: 12,
  tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }],
  categoryMultipliers: [{ category: 'drinks', multiplierPercent: 200 }],
  skuMultipliers: [{ sku: 'COLA-1', multiplierPercent: 300 }],
  promotions: [
    {
      name: 'Double snacks',
      startsAt: 0,
      endsAt: 8e15,
      category: 'snacks',
      kind: 'multiplier',
      multiplierPercent: 200,
    },
    { name: 'Opening bonus', startsAt: T0 + H / 2, endsAt: T0 + 2 * H, kind: 'bonus', bonusPoints: 50 },
  ],
};

let seq = 0;
const uuid = (prefix: string) => `01900000-0000-7000-8000-${prefix}${String(++seq).padStart(12 - prefix.length, '0')}`;

interface Lot {
  id: number;
  remaining: number;
}

/** A tiny v5 ledger writer: balance, lots (oldest first, or the lots named) and lot uses. */
function ledgerWriter(db: Db) {
  const balances = new Map<string, number>();
  const lots = new Map<string, Lot[]>();
  const insEntry = db.prepare(
    `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, staff_id, rule_version,
       ref_id, reason, explanation, created_at) VALUES (?, ?, ?, ?, ?, ?, 'T-OLD', NULL, ?, ?, ?, ?, ?)`,
  );
  const insLot = db.prepare(
    'INSERT INTO points_lots (member_id, entry_id, points, remaining, earned_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const takeLot = db.prepare('UPDATE points_lots SET remaining = remaining - ? WHERE id = ?');
  const insUse = db.prepare('INSERT INTO points_lot_uses (entry_id, lot_id, points) VALUES (?, ?, ?)');
  return {
    entry(e: {
      member: string;
      kind: string;
      points: number;
      at: number;
      explanation: string;
      opId?: string;
      ruleVersion?: number | null;
      refId?: string | null;
      reason?: string | null;
      expiresAt?: number | null;
      fromLots?: number[];
    }): { id: string; lotId: number | null } {
      const id = uuid('e');
      const before = balances.get(e.member) ?? 0;
      const after = before + e.points;
      balances.set(e.member, after);
      insEntry.run(
        id,
        e.member,
        e.kind,
        e.points,
        after,
        e.opId ?? uuid('0'),
        e.ruleVersion ?? null,
        e.refId ?? null,
        e.reason ?? null,
        e.explanation,
        e.at,
      );
      const open = lots.get(e.member) ?? [];
      lots.set(e.member, open);
      let lotId: number | null = null;
      if (e.points > 0) {
        const left = e.points - Math.max(0, -before); // a credit pays off a debt first
        if (left > 0) {
          lotId = Number(insLot.run(e.member, id, left, left, e.at, e.expiresAt ?? null).lastInsertRowid);
          open.push({ id: lotId, remaining: left });
        }
      } else {
        let need = -e.points;
        const order = [...(e.fromLots ?? []).map((l) => open.find((o) => o.id === l)!), ...open];
        for (const lot of order) {
          if (need === 0) break;
          const n = Math.min(need, lot.remaining);
          if (n === 0) continue;
          lot.remaining -= n;
          need -= n;
          takeLot.run(n, lot.id);
          insUse.run(id, lot.id, n);
        }
      }
      return { id, lotId };
    },
    finish() {
      const ins = db.prepare('INSERT INTO points_balances (member_id, balance, updated_at) VALUES (?, ?, ?)');
      for (const [m, b] of balances) ins.run(m, b, T0 + 10 * DAY);
    },
    balance: (m: string) => balances.get(m) ?? 0,
  };
}

export interface V5Ids {
  purchases: Record<'p1' | 'p2' | 'p3' | 'broken', string>;
  refunds: Record<'r1' | 'r2', string>;
  redemption: string;
  awardOpId: string;
}

export function seedV5Rows(db: Db): V5Ids {
  const { lin, zhou, wu } = V5.members;
  const member = db.prepare(
    `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  [lin, zhou, wu].forEach((m, i) =>
    member.run(m.id, `290000000000${i + 1}`, m.name, m.name.toLowerCase(), m.phone, m.phone.slice(-4), T0 - DAY, T0),
  );
  db.prepare(
    'INSERT INTO points_rule_sets (version, effective_from, rules, created_at, created_by) VALUES (2, ?, ?, ?, NULL)',
  ).run(T0 - DAY, JSON.stringify(RULES_V2), T0 - DAY);

  const w = ledgerWriter(db);
  const insPurchase = db.prepare(
    `INSERT INTO points_purchases (id, receipt_no, member_id, op_id, terminal_id, staff_id, total_minor, discount_minor,
       paid_minor, points_used, points_earned, rule_version, tier_name, explanation, breakdown, earn_entry_id,
       earn_lot_id, pay_entry_id, created_at)
     VALUES (?, ?, ?, ?, 'T-OLD', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = db.prepare(
    `INSERT INTO points_purchase_lines (purchase_id, line_no, sku, category, quantity, unit_price_minor, amount_minor,
       discount_minor, points_earned, points_used, returned_quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const breakdown = (o: object) =>
    JSON.stringify({
      paidMinor: 0,
      basePoints: 0,
      belowMinSpend: false,
      itemMultipliers: [],
      tier: { name: 'Gold', multiplierPercent: 150 },
      promotions: [],
      rounding: 'down',
      totalPoints: 0,
      ...o,
    });

  // P1: ¥105.00, Gold ×1.5 → 157 (the README's example).
  const p1 = uuid('p');
  const p1Op = uuid('0');
  const p1Text = '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 → 157';
  const e1 = w.entry({
    member: lin.id,
    kind: 'earn',
    points: 157,
    at: T0,
    explanation: `${p1Text} · receipt OLD-1`,
    opId: p1Op,
    ruleVersion: 2,
    refId: p1,
  });
  insPurchase.run(
    p1,
    'OLD-1',
    lin.id,
    p1Op,
    10500,
    0,
    10500,
    0,
    157,
    2,
    'Gold',
    p1Text,
    breakdown({ paidMinor: 10500, basePoints: 105, totalPoints: 157 }),
    e1.id,
    e1.lotId,
    null,
    T0,
  );
  insLine.run(p1, 1, null, null, 1, 10500, 10500, 0, 157, 0, 0);

  // P2: itemised — drinks ×2, SKU COLA-1 ×3, Double snacks ×2 on snacks, a plain line, Gold ×1.5,
  // Opening bonus +50: (10×2 + 3×3 + 4.5×2 + 20) × 1.5 = 87 exactly, + 50 = 137.
  const p2 = uuid('p');
  const p2Text =
    '¥37.50 × 1 pt/¥1 = 37, drinks ×2 on ¥10.00, SKU COLA-1 ×3 on ¥3.00, Gold ×1.5, Double snacks ×2 → 87, Opening bonus +50 → 137';
  const e2 = w.entry({
    member: lin.id,
    kind: 'earn',
    points: 137,
    at: T0 + H,
    explanation: `${p2Text} · receipt OLD-2`,
    ruleVersion: 2,
    refId: p2,
  });
  insPurchase.run(
    p2,
    'OLD-2',
    lin.id,
    uuid('0'),
    3750,
    0,
    3750,
    0,
    137,
    2,
    'Gold',
    p2Text,
    breakdown({
      paidMinor: 3750,
      basePoints: 37,
      itemMultipliers: [
        { label: 'drinks', multiplierPercent: 200, onMinor: 1000 },
        { label: 'SKU COLA-1', multiplierPercent: 300, onMinor: 300 },
      ],
      promotions: [
        { name: 'Opening bonus', bonusPoints: 50 },
        { name: 'Double snacks', multiplierPercent: 200 },
      ],
      totalPoints: 137,
    }),
    e2.id,
    e2.lotId,
    null,
    T0 + H,
  );
  insLine.run(p2, 1, 'TEA-1', 'drinks', 2, 500, 1000, 0, 43, 0, 1);
  insLine.run(p2, 2, 'COLA-1', 'drinks', 1, 300, 300, 0, 18, 0, 0);
  insLine.run(p2, 3, null, 'snacks', 3, 150, 450, 0, 19, 0, 0);
  insLine.run(p2, 4, null, null, 1, 2000, 2000, 0, 57, 0, 0);

  // P3: ¥100.00, ¥2.00 of it paid with 200 pts; ¥98.00 × 1.5 = 147.
  const p3 = uuid('p');
  const pay = w.entry({
    member: lin.id,
    kind: 'pay',
    points: -200,
    at: T0 + 3 * H,
    explanation: 'Paid ¥2.00 of ¥100.00 with 200 pts · receipt OLD-3',
    ruleVersion: 2,
    refId: p3,
  });
  const p3Text = '¥98.00 × 1 pt/¥1 = 98, Gold ×1.5 → 147 (¥2.00 paid with 200 pts)';
  const e3 = w.entry({
    member: lin.id,
    kind: 'earn',
    points: 147,
    at: T0 + 3 * H,
    explanation: `${p3Text} · receipt OLD-3`,
    ruleVersion: 2,
    refId: p3,
  });
  insPurchase.run(
    p3,
    'OLD-3',
    lin.id,
    uuid('0'),
    10000,
    200,
    9800,
    200,
    147,
    2,
    'Gold',
    p3Text,
    breakdown({ paidMinor: 9800, basePoints: 98, totalPoints: 147 }),
    e3.id,
    e3.lotId,
    pay.id,
    T0 + 3 * H,
  );
  insLine.run(p3, 1, null, null, 1, 10000, 10000, 200, 147, 200, 1);

  const insRefund = db.prepare(
    `INSERT INTO points_refunds (id, purchase_id, member_id, op_id, terminal_id, staff_id, amount_minor, points_owed,
       points_clawed_back, shortfall, points_returned, policy, explanation, lines, created_at)
     VALUES (?, ?, ?, ?, 'T-OLD', NULL, ?, ?, ?, ?, ?, 'clawBackNegative', ?, ?, ?)`,
  );
  // R1: one of the two teas on OLD-2: ¥5.00 and floor(43 / 2) = 21 pts back.
  const r1 = uuid('r');
  const r1Text = 'Returned 1 × line 1 (¥5.00): −21 pts earned';
  w.entry({
    member: lin.id,
    kind: 'refund_clawback',
    points: -21,
    at: T0 + DAY,
    explanation: `${r1Text} · receipt OLD-2`,
    ruleVersion: 2,
    refId: r1,
    fromLots: [e2.lotId!],
  });
  insRefund.run(
    r1,
    p2,
    lin.id,
    uuid('0'),
    500,
    21,
    21,
    0,
    0,
    r1Text,
    JSON.stringify([{ lineNo: 1, quantity: 1, amountMinor: 500, pointsClawedBack: 21, pointsReturned: 0 }]),
    T0 + DAY,
  );
  // R2: all of OLD-3: the 200 pts that paid come back, the 147 earned go.
  const r2 = uuid('r');
  w.entry({
    member: lin.id,
    kind: 'refund_return',
    points: 200,
    at: T0 + DAY + H,
    explanation: 'Points that paid for returned 1 × line 1 given back · receipt OLD-3',
    ruleVersion: 2,
    refId: r2,
  });
  const r2Text = 'Returned 1 × line 1 (¥98.00): −147 pts earned, +200 pts that paid for it';
  w.entry({
    member: lin.id,
    kind: 'refund_clawback',
    points: -147,
    at: T0 + DAY + H,
    explanation: `${r2Text} · receipt OLD-3`,
    ruleVersion: 2,
    refId: r2,
    fromLots: [e3.lotId!],
  });
  insRefund.run(
    r2,
    p3,
    lin.id,
    uuid('0'),
    9800,
    147,
    147,
    0,
    200,
    r2Text,
    JSON.stringify([{ lineNo: 1, quantity: 1, amountMinor: 9800, pointsClawedBack: 147, pointsReturned: 200 }]),
    T0 + DAY + H,
  );

  // A coupon redeemed, then voided with a reason.
  db.prepare(
    `INSERT INTO rewards (id, name, kind, cost_points, stock, created_at, updated_at) VALUES (?, 'Free coffee', 'coupon', 100, NULL, ?, ?)`,
  ).run(V5.rewardId, T0 - DAY, T0 - DAY);
  const redemption = uuid('d');
  const redeem = w.entry({
    member: lin.id,
    kind: 'redeem',
    points: -100,
    at: T0 + 2 * DAY,
    explanation: 'Redeemed Free coffee (coupon ABCD-EFGH-JKLM) for 100 pts',
    refId: redemption,
  });
  const voided = w.entry({
    member: lin.id,
    kind: 'redeem_void',
    points: 100,
    at: T0 + 2 * DAY + H,
    explanation: 'Void of Free coffee: +100 pts back · Wrong member',
    refId: redemption,
    reason: 'Wrong member',
  });
  db.prepare(
    `INSERT INTO reward_redemptions (id, op_id, member_id, reward_id, reward_name, kind, points, coupon_code,
       discount_minor, status, void_reason, entry_id, void_entry_id, terminal_id, created_at, voided_at)
     VALUES (?, ?, ?, ?, 'Free coffee', 'coupon', 100, 'ABCD-EFGH-JKLM', NULL, 'voided', 'Wrong member', ?, ?, 'T-OLD', ?, ?)`,
  ).run(redemption, uuid('0'), lin.id, V5.rewardId, redeem.id, voided.id, T0 + 2 * DAY, T0 + 2 * DAY + H);

  // Adjustments, and 40 pts that expired.
  w.entry({
    member: lin.id,
    kind: 'adjust',
    points: 10,
    at: T0 + 3 * DAY,
    explanation: 'Manager adjustment +10 pts: Goodwill: long queue',
    ruleVersion: 2,
    reason: 'Goodwill: long queue',
  });
  const gift = w.entry({
    member: lin.id,
    kind: 'adjust',
    points: 40,
    at: T0 + 3 * DAY,
    explanation: 'Manager adjustment +40 pts: Welcome gift',
    ruleVersion: 2,
    reason: 'Welcome gift',
    expiresAt: T0 + 4 * DAY,
  });
  w.entry({
    member: lin.id,
    kind: 'expire',
    points: -40,
    at: T0 + 5 * DAY,
    explanation: '40 pts expired (earned 2026-01-08)',
    fromLots: [gift.lotId!],
  });

  // Zhou Lei: cleared by a bulk clear (its operation record survives).
  w.entry({
    member: zhou.id,
    kind: 'adjust',
    points: 50,
    at: T0,
    explanation: 'Manager adjustment +50 pts: Opening gift',
    ruleVersion: 2,
    reason: 'Opening gift',
  });
  const bulkOp = uuid('0');
  w.entry({
    member: zhou.id,
    kind: 'clear',
    points: -50,
    at: T0 + 6 * DAY,
    explanation: 'Bulk clear of 50 pts: Programme relaunch',
    opId: bulkOp,
    reason: 'Programme relaunch',
  });
  // Wu Qiang: a purchase whose stored points no rule could produce, and a member clear.
  const broken = uuid('p');
  const eb = w.entry({
    member: wu.id,
    kind: 'earn',
    points: 999,
    at: T0 + H,
    explanation: '¥10.00 × 1 pt/¥1 = 999 · receipt OLD-9',
    ruleVersion: 2,
    refId: broken,
  });
  insPurchase.run(
    broken,
    'OLD-9',
    wu.id,
    uuid('0'),
    1000,
    0,
    1000,
    0,
    999,
    2,
    'Gold',
    '¥10.00 × 1 pt/¥1 = 999',
    breakdown({ paidMinor: 1000, basePoints: 999, totalPoints: 999 }),
    eb.id,
    eb.lotId,
    null,
    T0 + H,
  );
  insLine.run(broken, 1, null, null, 1, 1000, 1000, 0, 999, 0, 0);
  w.entry({
    member: wu.id,
    kind: 'clear',
    points: -999,
    at: T0 + 6 * DAY,
    explanation: 'Cleared 999 pts: Card shared',
    reason: 'Card shared',
  });
  w.finish();

  // The idempotency log: the award of OLD-1 (v5 result shape) and the bulk clear.
  const insOp = db.prepare(
    'INSERT INTO points_operations (op_id, channel, payload_hash, result, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  insOp.run(
    p1Op,
    'points:award',
    'hash-p1',
    JSON.stringify({
      purchaseId: p1,
      receiptNo: 'OLD-1',
      memberId: lin.id,
      totalMinor: 10500,
      discountMinor: 0,
      paidMinor: 10500,
      pointsUsed: 0,
      pointsEarned: 157,
      ruleVersion: 2,
      tierName: 'Gold',
      explanation: p1Text,
      breakdown: JSON.parse(breakdown({ paidMinor: 10500, basePoints: 105, totalPoints: 157 })) as unknown,
      balance: 157,
      createdAt: T0,
    }),
    T0,
  );
  insOp.run(bulkOp, 'points:bulkClear', 'hash-bulk', JSON.stringify({ members: 1, pointsCleared: 50 }), T0 + 6 * DAY);

  return { purchases: { p1, p2, p3, broken }, refunds: { r1, r2 }, redemption, awardOpId: p1Op };
}

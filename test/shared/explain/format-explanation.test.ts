import { describe, expect, it } from 'vitest';
import {
  facts,
  parseFacts,
  type EarnFacts,
  type ExplanationFacts,
  type FactsBody,
} from '../../../src/shared/explain/facts';
import { formatExplanation, type ExplainOptions } from '../../../src/shared/explain/format-explanation';
import { decimalOf, ratio } from '../../../src/shared/explain/exact';

const CNY = { currency: 'CNY', minorUnits: 2, timeZone: 'Asia/Shanghai' } as const;
const both = (f: ExplanationFacts, o: Partial<ExplainOptions> = {}) => [
  formatExplanation(f, { locale: 'en', ...CNY, ...o }),
  formatExplanation(f, { locale: 'zh-CN', ...CNY, ...o }),
];

const earn = (o: Partial<FactsBody<EarnFacts>>): EarnFacts =>
  facts<EarnFacts>({
    kind: 'earn',
    ruleVersion: 2,
    rate: { points: 1, perMinor: 100 },
    minSpendMinor: 0,
    rounding: { mode: 'down', appliedTo: 'purchase' },
    paidMinor: 10500,
    parts: [{ onMinor: 10500 }],
    points: 105,
    ...o,
  });

describe('formatExplanation: awards whose arithmetic adds up', () => {
  it('shows the exact product before the one rounding, and where it happened', () => {
    expect(both(earn({ tier: { name: 'Gold', percent: 150 }, points: 157, receiptNo: 'R-1001' }))).toEqual([
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down) · receipt R-1001',
      '¥105.00 × 1 积分/¥1 = 105，Gold ×1.5 = 157.5 → 157 积分（向下取整） · 小票 R-1001',
    ]);
    // Issue 9's example: 12 × 2 ≠ 25 — the exact 12.5 is shown, nothing was rounded.
    const tea = earn({
      paidMinor: 1250,
      parts: [{ onMinor: 1250, promotion: { name: 'Tea Tuesday', percent: 200 } }],
      points: 25,
    });
    expect(both(tea)).toEqual([
      '¥12.50 × 1 pt/¥1 = 12.5, Tea Tuesday ×2 = 25 pts',
      '¥12.50 × 1 积分/¥1 = 12.5，Tea Tuesday ×2 = 25 积分',
    ]);
    expect(
      both(
        earn({
          paidMinor: 1050,
          parts: [{ onMinor: 1050 }],
          rounding: { mode: 'nearest', appliedTo: 'purchase' },
          points: 11,
        }),
      ),
    ).toEqual([
      '¥10.50 × 1 pt/¥1 = 10.5 → 11 pts (rounded to nearest)',
      '¥10.50 × 1 积分/¥1 = 10.5 → 11 积分（四舍五入）',
    ]);
  });

  it('writes "≈" for a figure whose decimals never end, truncated so it rounds the same way', () => {
    const third = earn({ paidMinor: 1000, parts: [{ onMinor: 1000 }], rate: { points: 1, perMinor: 300 }, points: 3 });
    expect(both(third)[0]).toBe('¥10.00 × 1 pt/¥3 ≈ 3.33 → 3 pts (rounded down)');
    const gold = earn({ ...third, tier: { name: 'Gold', percent: 150 }, points: 5 });
    expect(both(gold)[0]).toBe('¥10.00 × 1 pt/¥3 ≈ 3.33, Gold ×1.5 = 5 pts');
    // 2.0001… truncated to two digits would read 2.00 → "rounded up to 3": more digits instead.
    expect(decimalOf(ratio(20001, 10000 - 1))).toMatchObject({ exact: false });
    expect(decimalOf(ratio(200_010_001, 100_000_000 - 1)).digits).toBe('2.0001');
    expect(decimalOf(ratio(157_5, 10))).toEqual({ digits: '157.5', fractionDigits: 1, exact: true });
  });

  it('shows parts that earned differently beside their amounts, then what applies to all', () => {
    const f = earn({
      paidMinor: 4750,
      parts: [
        { onMinor: 1000, item: { by: 'category', code: 'drinks', percent: 200 } },
        { onMinor: 300, item: { by: 'sku', code: 'COLA-1', percent: 300 } },
        { onMinor: 3000, item: { by: 'category', code: 'tobacco', percent: 0 } },
        { onMinor: 450, promotion: { name: 'Double snacks', percent: 200 } },
      ],
      tier: { name: 'Bronze', percent: 100 },
      bonuses: [{ name: 'Opening bonus', points: 50 }],
      points: 88,
    });
    expect(both(f)).toEqual([
      '(¥10.00 drinks ×2 + ¥3.00 SKU COLA-1 ×3 + ¥30.00 tobacco ×0 + ¥4.50 Double snacks ×2) × 1 pt/¥1 = 38, ' +
        'Opening bonus +50 → 88 pts',
      '(¥10.00 drinks ×2 + ¥3.00 货号 COLA-1 ×3 + ¥30.00 tobacco ×0 + ¥4.50 Double snacks ×2) × 1 积分/¥1 = 38，' +
        'Opening bonus +50 → 88 积分',
    ]);
    // One category for everything: a step of the chain, not a sum.
    const drinks = earn({
      paidMinor: 1000,
      parts: [{ onMinor: 1000, item: { by: 'category', code: 'drinks', percent: 200 } }],
      points: 20,
    });
    expect(both(drinks)[0]).toBe('¥10.00 × 1 pt/¥1 = 10, drinks ×2 = 20 pts');
  });

  it('rounds before the bonuses, groups large numbers, says the payment and the minimum spend', () => {
    expect(
      both(
        earn({
          paidMinor: 123_456_789,
          parts: [{ onMinor: 123_456_789 }],
          tier: { name: 'Gold', percent: 150 },
          bonuses: [{ name: 'Weekend', points: 20 }],
          points: 1_851_871,
        }),
      ),
    ).toEqual([
      '¥1,234,567.89 × 1 pt/¥1 = 1,234,567.89, Gold ×1.5 = 1,851,851.835 → 1,851,851 (rounded down), Weekend +20 → 1,851,871 pts',
      '¥1,234,567.89 × 1 积分/¥1 = 1,234,567.89，Gold ×1.5 = 1,851,851.835 → 1,851,851（向下取整），Weekend +20 → 1,851,871 积分',
    ]);
    const paid = earn({
      paidMinor: 9800,
      parts: [{ onMinor: 9800 }],
      payment: { totalMinor: 10000, discountMinor: 200, pointsUsed: 200 },
      points: 98,
    });
    expect(both(paid)).toEqual([
      '¥98.00 × 1 pt/¥1 = 98 pts (¥2.00 paid with 200 pts)',
      '¥98.00 × 1 积分/¥1 = 98 积分（¥2.00 由 200 积分抵扣）',
    ]);
    expect(both(earn({ paidMinor: 500, parts: [{ onMinor: 500 }], minSpendMinor: 1000, points: 0 }))).toEqual([
      '¥5.00 is below the ¥10.00 minimum spend → 0 pts',
      '¥5.00 低于最低消费 ¥10.00 → 0 积分',
    ]);
    expect(both(earn({ paidMinor: 0, parts: [{ onMinor: 0 }], points: 0 }))[0]).toBe('¥0.00 × 1 pt/¥1 = 0 pts');
  });

  it('uses the store currency and its minor units', () => {
    const yen = earn({ paidMinor: 1050, parts: [{ onMinor: 1050 }], rate: { points: 1, perMinor: 100 }, points: 10 });
    expect(formatExplanation(yen, { locale: 'en', currency: 'JPY', minorUnits: 0 })).toBe(
      '¥1,050 × 1 pt/¥100 = 10.5 → 10 pts (rounded down)',
    );
    expect(formatExplanation(yen, { locale: 'en', currency: 'USD' })).toBe(
      '$10.50 × 1 pt/$1 = 10.5 → 10 pts (rounded down)',
    );
    expect(both(earn({ receiptNo: 'R-9' }), { receipt: false })[0]).toBe('¥105.00 × 1 pt/¥1 = 105 pts');
  });
});

describe('formatExplanation: every other kind of entry, in both languages', () => {
  const cases: [ExplanationFacts, string, string][] = [
    [
      facts({
        kind: 'pay',
        ruleVersion: 2,
        receiptNo: 'R-2',
        totalMinor: 10000,
        discountMinor: 200,
        pointsUsed: 200,
        redeemValue: { minor: 1, perPoints: 1 },
      }),
      'Paid ¥2.00 of ¥100.00 with 200 pts · receipt R-2',
      '用 200 积分抵扣 ¥100.00 中的 ¥2.00 · 小票 R-2',
    ],
    [
      facts({
        kind: 'redeem',
        reward: { id: 'r1', name: 'Free coffee', kind: 'coupon' },
        couponCode: 'AB12-CD34-EF56',
        points: 100,
      }),
      'Redeemed Free coffee (coupon AB12-CD34-EF56) for 100 pts',
      '兑换 Free coffee（券码 AB12-CD34-EF56），使用 100 积分',
    ],
    [
      facts({ kind: 'redeemVoid', reward: { id: 'r1', name: 'Mug', kind: 'goods' }, points: 1, reason: 'Wrong item' }),
      'Void of Mug: +1 pt back · Wrong item',
      '撤销兑换 Mug：退回 +1 积分 · Wrong item',
    ],
    [
      facts({
        kind: 'refund',
        receiptNo: 'S-1',
        purchaseRuleVersion: 2,
        policy: 'capAtZero',
        lines: [{ lineNo: 1, quantity: 2, amountMinor: 10000, pointsOwed: 100, pointsReturned: 0 }],
        amountMinor: 10000,
        pointsOwed: 100,
        pointsClawedBack: 20,
        shortfall: 80,
        overdrawn: 0,
        pointsReturned: 0,
      }),
      'Returned 2 × line 1 (¥100.00): -100 pts earned; 80 pts already spent, not taken back (policy: cap at zero) → -20 pts taken back · receipt S-1',
      '退货 第 1 行 × 2（¥100.00）：扣回所得 -100 积分；80 积分已被用掉，未扣回（策略：扣至零）→ 实扣 -20 积分 · 小票 S-1',
    ],
    [
      facts({
        kind: 'refund',
        receiptNo: 'S-2',
        purchaseRuleVersion: 2,
        policy: 'clawBackNegative',
        lines: [
          { lineNo: 1, quantity: 1, amountMinor: 5000, pointsOwed: 50, pointsReturned: 10 },
          { lineNo: 3, quantity: 1, amountMinor: 5000, pointsOwed: 50, pointsReturned: 0 },
        ],
        amountMinor: 10000,
        pointsOwed: 100,
        pointsClawedBack: 100,
        shortfall: 0,
        overdrawn: 30,
        pointsReturned: 10,
      }),
      'Returned 1 × line 1, 1 × line 3 (¥100.00): -100 pts earned, +10 pts that paid for it; 30 pts already spent, balance goes negative (policy: claw back) · receipt S-2',
      '退货 第 1 行 × 1、第 3 行 × 1（¥100.00）：扣回所得 -100 积分，退还抵扣所用 +10 积分；30 积分已被用掉，余额变为负数（策略：全额扣回） · 小票 S-2',
    ],
    [
      facts({ kind: 'refundReturn', receiptNo: 'S-2', lines: [{ lineNo: 1, quantity: 1, points: 10 }], points: 10 }),
      'Points that paid for returned 1 × line 1 given back: +10 pts · receipt S-2',
      '退货 第 1 行 × 1：退还抵扣所用 +10 积分 · 小票 S-2',
    ],
    [
      facts({
        kind: 'expire',
        points: 40,
        lots: 2,
        earnedFrom: Date.UTC(2026, 0, 5, 4),
        earnedTo: Date.UTC(2026, 1, 1, 4),
      }),
      '40 pts expired (earned Jan 5, 2026 to Feb 1, 2026)',
      '40 积分已过期（获得于 2026年1月5日 至 2026年2月1日）',
    ],
    [
      facts({ kind: 'adjust', points: -20, reason: 'Typo on R-7' }),
      'Manager adjustment -20 pts: Typo on R-7',
      '经理调整 -20 积分：Typo on R-7',
    ],
    [
      facts({ kind: 'clear', scope: 'bulk', points: 1200, reason: 'Relaunch', inactiveSince: 0 }),
      'Bulk clear of 1,200 pts: Relaunch',
      '批量清零 1,200 积分：Relaunch',
    ],
    [
      facts({ kind: 'legacy', entry: 'refund_clawback', points: -30, amountMinor: 2000, receiptNo: 'OLD-2' }),
      'Refund ¥20.00 → -30 pts · receipt OLD-2',
      '退货 ¥20.00 → -30 积分 · 小票 OLD-2',
    ],
    [
      facts({ kind: 'legacy', entry: 'adjust', points: 5, reason: 'Goodwill' }),
      'Adjustment → +5 pts: Goodwill',
      '调整 → +5 积分：Goodwill',
    ],
  ];
  it.each(cases)('%#: %j', (f, en, zh) => {
    expect(both(f)).toEqual([en, zh]);
  });

  it('still says something true for a variant from a newer schema', () => {
    const future = { schemaVersion: 1, kind: 'tierUpgrade', points: 30 } as unknown as ExplanationFacts;
    expect(both(future)).toEqual(['+30 pts', '+30 积分']);
  });
});

describe('facts: the schema writers and readers share', () => {
  it('stamps the schema version and refuses malformed facts', () => {
    expect(facts({ kind: 'adjust', points: 5, reason: 'x' })).toEqual({
      schemaVersion: 1,
      kind: 'adjust',
      points: 5,
      reason: 'x',
    });
    expect(() => facts({ kind: 'adjust', points: 0, reason: 'x' })).toThrow();
    expect(() => facts({ kind: 'adjust', points: 1.5, reason: 'x' })).toThrow();
    expect(() => parseFacts('{"schemaVersion":2,"kind":"adjust","points":5,"reason":"x"}')).toThrow();
    expect(() => parseFacts('{"schemaVersion":1,"kind":"adjust","points":5,"reason":"x","text":"English"}')).toThrow();
    expect(parseFacts(JSON.stringify(earn({})))).toEqual(earn({}));
  });
});

import { describe, expect, it } from 'vitest';
import { opsFromCaptures, type Capture, type VoucherImage } from '../../../src/main/core/sync/capture-ops';
import { pushOp } from '../../../src/shared/sync';

const M = '01900000-0000-7000-8000-000000000001';
const R = '01900000-0000-7000-8000-000000000002';
const P = '01900000-0000-7000-8000-000000000003';
const V = '01900000-0000-7000-8000-000000000004';
const E = (n: number) => `01900000-0000-7000-8000-1000000000${n.toString().padStart(2, '0')}`;

const entry = (n: number, points: number, refId: string | null, kind: 'earn' | 'pay' | 'adjust' = 'earn'): Capture => ({
  what: 'entry',
  row: { entryId: E(n), memberId: M, kind, points, refId, reason: null, at: 1 },
});
const voucher = (p: Partial<VoucherImage> = {}): VoucherImage => ({
  id: V,
  memberId: M,
  goalKey: 'coffee',
  target: 2,
  name: '¥5 off',
  kind: 'amountOff' as const,
  valueMinor: 500,
  sku: null,
  purchaseId: P,
  issueEntryId: E(20),
  availableFrom: 1,
  expiresAt: null,
  createdAt: 1,
  usedAt: null,
  usedOpId: null,
  usedReceiptNo: null,
  withdrawnAt: null,
  withdrawEntryId: null,
  ...p,
});
const purchase = (p: Record<string, unknown> = {}): Capture => ({
  what: 'purchase',
  row: {
    id: P,
    memberId: M,
    receiptNo: 'R-1',
    totalMinor: 1000,
    paidMinor: 500,
    pointsUsed: 0,
    tierName: null,
    ...p,
  },
});
const line: Capture = {
  what: 'line',
  row: { purchaseId: P, lineNo: 1, sku: null, category: null, amountMinor: 1000, rewardDiscountMinor: 500 },
};
const wire = (ops: ReturnType<typeof opsFromCaptures>) =>
  ops.map((o, i) => pushOp.parse({ seq: i + 1, opId: E(50 + i), at: 1, staff: null, ...o.body }));

describe('capture → ops for chain data (capture-ops.ts)', () => {
  it('an award with a voucher on the bill, its stamps and a birthday bonus: award with billReward, the bonus alone, goals, the use', () => {
    const ops = opsFromCaptures([
      purchase({ rewardDiscountMinor: 500, redemptionId: null }),
      line,
      entry(1, 5, P),
      entry(2, 100, 'bonus:birthday:2026'),
      entry(3, 20, 'bonus:referred'),
      {
        what: 'goal',
        row: { entryId: E(20), memberId: M, goalKey: 'coffee', kind: 'progress', amount: 1, refId: P, voucherId: null },
      },
      { what: 'voucher.update', row: voucher({ usedAt: 9, usedOpId: 'op', usedReceiptNo: 'R-1' }) },
    ]);
    const parsed = wire(ops);
    expect(parsed.map((o) => o.kind)).toEqual([
      'points.award',
      'points.ledger',
      'points.ledger',
      'goals.move',
      'voucher.use',
    ]);
    expect(parsed[0].payload).toMatchObject({
      billReward: { discountMinor: 500, redemptionId: null, voucherId: V },
      lines: [{ amountMinor: 1000, rewardDiscountMinor: 500 }],
    });
    expect(parsed.slice(1, 3).map((o) => (o.payload as { refId: string }).refId)).toEqual([
      'bonus:birthday:2026',
      'bonus:referred',
    ]);
    expect(parsed[4].payload).toEqual({ member: { memberId: M }, voucherId: V, receiptNo: 'R-1', usedAt: 9 });
  });

  it('a purchase without a bill reward keeps the payload it always had (no billReward, no line field)', () => {
    const [award] = opsFromCaptures([
      purchase({ rewardDiscountMinor: 0, redemptionId: null }),
      { ...line, row: { ...line.row, rewardDiscountMinor: 0 } },
      entry(1, 5, P),
    ]);
    expect(award.body.payload).not.toHaveProperty('billReward');
    expect((award.body.payload as { lines: object[] }).lines[0]).not.toHaveProperty('rewardDiscountMinor');
  });

  it('a voucher issued and one withdrawn go with their goal entries; a referral follows its registration', () => {
    const ops = opsFromCaptures([
      { what: 'referral', row: { memberId: M, referrerId: R } },
      {
        what: 'goal',
        row: { entryId: E(21), memberId: M, goalKey: 'coffee', kind: 'issue', amount: -2, refId: P, voucherId: V },
      },
      { what: 'voucher.insert', row: voucher() },
      {
        what: 'goal',
        row: { entryId: E(22), memberId: M, goalKey: 'coffee', kind: 'withdraw', amount: 2, refId: P, voucherId: V },
      },
      { what: 'voucher.update', row: voucher({ withdrawnAt: 5, withdrawEntryId: E(22) }) },
    ]);
    const parsed = wire(ops);
    expect(parsed.map((o) => o.kind)).toEqual(['member.referral', 'goals.move']);
    expect(parsed[1].payload).toMatchObject({
      entries: [
        { kind: 'issue', amount: -2 },
        { kind: 'withdraw', amount: 2 },
      ],
      issued: [{ voucherId: V, valueMinor: 500, issuedAt: 1 }],
      withdrawn: [{ voucherId: V, entryId: E(22) }],
    });
  });
});

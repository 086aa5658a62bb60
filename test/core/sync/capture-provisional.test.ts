import { describe, expect, it } from 'vitest';
import { opsFromCaptures, type Capture } from '../../../src/main/core/sync/capture-ops';
import { chainCardNumber, pushOp } from '../../../src/shared/sync';

/**
 * A provisional member's ops (members/provisional.ts) name its card, not its id: head
 * office does not know the id and matches the card to its member (at once, or parked
 * `cardUnknown` until the registration arrives). Pure: opsFromCaptures' provisional map.
 */
const PROV = '01900000-0000-7000-8000-000000000001';
const REAL = '01900000-0000-7000-8000-000000000002';
const PURCHASE = '01900000-0000-7000-8000-000000000003';
const E = (n: number) => `01900000-0000-7000-8000-1000000000${n.toString().padStart(2, '0')}`;
const CARD = chainCardNumber(4242);

const entry = (n: number, memberId: string, points: number, refId: string | null, kind = 'earn'): Capture =>
  ({ what: 'entry', row: { entryId: E(n), memberId, kind, points, refId, reason: null, at: 1 } }) as Capture;

describe('capture → ops for a provisional card', () => {
  it('award, refund entries and stamps of a provisional member are keyed by its card; another member in the batch keeps its id; every op is valid on the wire', () => {
    const ops = opsFromCaptures(
      [
        {
          what: 'purchase',
          row: {
            id: PURCHASE,
            memberId: PROV,
            receiptNo: 'A-1',
            totalMinor: 12_000,
            paidMinor: 12_000,
            pointsUsed: 0,
            tierName: null,
          },
        },
        { what: 'line', row: { purchaseId: PURCHASE, lineNo: 1, sku: null, category: null, amountMinor: 12_000 } },
        entry(1, PROV, 120, PURCHASE),
        entry(2, PROV, -20, 'refund:1', 'refund_clawback'),
        {
          what: 'goal',
          row: {
            entryId: E(3),
            memberId: PROV,
            goalKey: 'coffee',
            kind: 'progress',
            amount: 1,
            refId: PURCHASE,
            voucherId: null,
          },
        },
        entry(4, REAL, 5, null, 'adjust'),
      ],
      new Map(),
      new Map(),
      new Map([[PROV, CARD]]),
    );
    expect(ops.map((o) => [o.body.kind, o.memberId, o.points])).toEqual([
      ['points.award', PROV, 120],
      ['points.ledger', PROV, -20],
      ['points.ledger', REAL, 5],
      ['goals.move', PROV, 0],
    ]);
    const members = ops.map((o) => (o.body.payload as { member: unknown }).member);
    expect(members).toEqual([{ cardNumber: CARD }, { cardNumber: CARD }, { memberId: REAL }, { cardNumber: CARD }]);
    for (const [i, o] of ops.entries()) {
      expect(pushOp.safeParse({ seq: i + 1, opId: E(50 + i), at: 1, staff: null, ...o.body }).success).toBe(true);
    }
  });

  it('without the map (every member known to head office) nothing changes: ops name the member id', () => {
    const ops = opsFromCaptures([entry(1, PROV, 10, null, 'adjust')]);
    expect((ops[0].body.payload as { member: unknown }).member).toEqual({ memberId: PROV });
  });
});

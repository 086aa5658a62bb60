import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { opsFromCaptures, type Capture } from '../../../src/main/core/sync/capture-ops';
import { spendsPoints } from '../../../src/main/core/sync/chain-spend';
import { makeStaffedCore } from '../../helpers/core';

/** The pure parts of chain spending (sync/chain-spend.ts) and its store setting; the rest runs against PostgreSQL in test/server/chain-spend.test.ts. */
const entry = (kind: 'redeem' | 'pay' | 'earn', points: number, refId = 'P1'): Capture => ({
  what: 'entry',
  row: { entryId: randomUUID(), memberId: 'M1', kind, points, refId, reason: null, at: 1 },
});

describe('chain spending, the pure parts', () => {
  it('an online debit becomes its own op naming the redemption, moving 0 points here; the rest is unchanged', () => {
    const pay = entry('pay', -200);
    const reward = entry('redeem', -100);
    const earn = entry('earn', 98);
    const purchase: Capture = {
      what: 'purchase',
      row: {
        id: 'P1',
        memberId: 'M1',
        receiptNo: 'R-1',
        totalMinor: 10_000,
        paidMinor: 9_800,
        pointsUsed: 200,
        tierName: null,
      },
    };
    const line: Capture = {
      what: 'line',
      row: { purchaseId: 'P1', lineNo: 1, sku: null, category: null, amountMinor: 10_000 },
    };
    const online = new Map([
      [(pay.row as { entryId: string }).entryId, 'RED-1'],
      [(reward.row as { entryId: string }).entryId, 'RED-1'],
    ]);
    const ops = opsFromCaptures([pay, reward, earn, purchase, line], online);
    expect(ops.map((o) => [o.body.kind, o.points])).toEqual([
      ['points.ledger', 0],
      ['points.award', 98],
    ]);
    const linked = ops[0].body.payload as { onlineRedemptionId: string; entries: { points: number }[] };
    expect(linked.onlineRedemptionId).toBe('RED-1');
    expect(linked.entries.map((e) => e.points)).toEqual([-200, -100]);
    // Without links: the pay entry travels with the award, the reward's debit on its own.
    const offline = opsFromCaptures([pay, reward, earn, purchase, line]);
    expect(offline.map((o) => [o.body.kind, o.points])).toEqual([
      ['points.award', -102],
      ['points.ledger', -100],
    ]);
  });

  it('an offline redemption drawn from a hold names the hold; other entries do not', () => {
    const reward = entry('redeem', -300, 'RD-1');
    const hold = new Map([[(reward.row as { entryId: string }).entryId, 'HOLD-1']]);
    const [op] = opsFromCaptures([reward], new Map(), hold);
    expect(op.body.kind).toBe('points.ledger');
    expect((op.body.payload as { holdId: string | null }).holdId).toBe('HOLD-1');
    const [plain] = opsFromCaptures([entry('redeem', -300, 'RD-2')], new Map(), hold);
    expect((plain.body.payload as { holdId: string | null }).holdId).toBeNull();
  });

  it('knows which calls spend points', () => {
    expect(spendsPoints('rewards:redeem', {})).toBe(true);
    expect(spendsPoints('points:award', { pointsToUse: 0 })).toBe(false);
    expect(spendsPoints('points:award', { pointsToUse: 5 })).toBe(true);
    expect(spendsPoints('points:award', { rewardId: 'x' })).toBe(true);
    expect(spendsPoints('points:adjust', { points: -5 })).toBe(false);
  });

  it('the offline allowance is a whole number of points from 0 to 1,000,000 (default 500)', async () => {
    const { core, tokens } = await makeStaffedCore();
    expect((await core.ok('settings:get', {}, tokens.owner)).chainOfflineAllowancePoints).toBe(500);
    for (const bad of [-1, 1.5, Number.NaN, 1_000_001, '500', null, 1e308]) {
      const r = await core.call('settings:update', { chainOfflineAllowancePoints: bad as never }, tokens.owner);
      expect(r.ok && 'accepted').toBe(false);
      if (!r.ok) expect(r.error.code).toBe('VALIDATION');
    }
    await core.ok('settings:update', { chainOfflineAllowancePoints: 0 }, tokens.owner);
    expect((await core.ok('settings:get', {}, tokens.owner)).chainOfflineAllowancePoints).toBe(0);
  });
});

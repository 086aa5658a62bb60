import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { DAY, DEFAULT_RULES, makePointsCore, op, travel } from '../points/points-helpers';
import { applyChanges } from '../../../src/main/core/sync/pull';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { Change, PurchaseWire } from '../../../src/shared/sync';
import type { TestCore } from '../../helpers/core';

/**
 * Chain-wide tiers on the terminal (issue 12, migration 021): the chain's purchases pulled
 * from head office count towards a member's tier beside this terminal's own — once each,
 * at their newest version, within the same window and downgrade policy. The whole path
 * against a real head office is test/server/chain-tiers.test.ts.
 */
const TIERED: RuleSet = {
  ...DEFAULT_RULES,
  tierWindowMonths: 1,
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
  ],
};

function enrolledAsIf(core: TestCore) {
  core.db
    .prepare("UPDATE sync_state SET capture = 1, server_url = 'http://127.0.0.1:9', enrolled_at = 1 WHERE id = 1")
    .run();
}

const pulled = (core: TestCore, rows: (Partial<PurchaseWire> & { memberId: string })[]) =>
  applyChanges(
    core.db,
    rows.map((r): Change => ({
      entity: 'purchase',
      data: {
        purchaseId: uuidv7(),
        terminalId: uuidv7(),
        at: core.clock.now() - DAY,
        paidMinor: 0,
        refundedMinor: 0,
        version: 1,
        ...r,
      },
    })),
    core.clock.now(),
    core.terminalId,
  );

const summary = (c: Awaited<ReturnType<typeof makePointsCore>>) =>
  c.core.ok('points:memberSummary', { memberId: c.member }, c.tokens.cashier);
const buy = (c: Awaited<ReturnType<typeof makePointsCore>>, totalMinor: number, receiptNo: string) =>
  c.core.ok('points:award', { opId: op(), memberId: c.member, receiptNo, totalMinor }, c.tokens.cashier);

describe('chain-wide tiers at the terminal', () => {
  it('standalone: the tier is the own purchases’ as before, and no chain part is claimed', async () => {
    const c = await makePointsCore({ rules: TIERED });
    expect((await buy(c, 100_000, 'R-1')).tierName).toBe('Silver');
    expect((await buy(c, 1_000, 'R-2')).tierName).toBe('Gold');
    expect(await summary(c)).toMatchObject({
      tier: { name: 'Gold' },
      rollingSpendMinor: 101_000,
      chainSpendMinor: null,
    });
    expect(c.core.db.prepare('SELECT count(*) FROM sync_chain_purchases').pluck().get()).toBe(0);
  });

  it('pulled purchases count towards awards and the counter; a refund (newer version) takes them back, an older copy changes nothing', async () => {
    const c = await makePointsCore({ rules: TIERED });
    enrolledAsIf(c.core);
    const elsewhere = uuidv7();
    expect(pulled(c.core, [{ memberId: c.member, purchaseId: elsewhere, paidMinor: 70_000 }])).toBe(1);
    await buy(c, 40_000, 'R-1');
    expect(await summary(c)).toMatchObject({
      tier: { name: 'Gold' },
      rollingSpendMinor: 110_000,
      chainSpendMinor: 70_000,
    });
    const award = await buy(c, 1_000, 'R-2');
    expect(award).toMatchObject({ tierName: 'Gold', pointsEarned: 15 });

    // Refunded elsewhere: head office sends the purchase again with a higher version.
    pulled(c.core, [
      { memberId: c.member, purchaseId: elsewhere, paidMinor: 70_000, refundedMinor: 20_000, version: 2 },
    ]);
    expect(await summary(c)).toMatchObject({
      tier: { name: 'Silver' },
      rollingSpendMinor: 91_000,
      chainSpendMinor: 50_000,
    });
    // The older copy again (a repeated page): nothing changes.
    expect(pulled(c.core, [{ memberId: c.member, purchaseId: elsewhere, paidMinor: 70_000, version: 1 }])).toBe(0);
    expect((await summary(c)).rollingSpendMinor).toBe(91_000);
  });

  it('this terminal’s own purchase coming back from head office is not counted twice', async () => {
    const c = await makePointsCore({ rules: TIERED });
    enrolledAsIf(c.core);
    await buy(c, 60_000, 'R-1');
    const own = c.core.db.prepare('SELECT id, created_at FROM points_purchases').get() as {
      id: string;
      created_at: number;
    };
    pulled(c.core, [
      { memberId: c.member, purchaseId: own.id, terminalId: c.core.terminalId, at: own.created_at, paidMinor: 60_000 },
    ]);
    expect(await summary(c)).toMatchObject({ tier: { name: 'Silver' }, rollingSpendMinor: 60_000, chainSpendMinor: 0 });
    // Refunded here (before any push): the own tables count it at once.
    await c.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'R-1' }, c.tokens.manager);
    expect((await summary(c)).rollingSpendMinor).toBe(0);
  });

  it('"Members by tier" buckets by the chain-wide spend, as the counter does: pulled purchases count, an own one coming back does not count twice', async () => {
    const c = await makePointsCore({ rules: TIERED, members: 4 });
    const [withBoth, onlyElsewhere, onlyHere] = c.members;
    const report = () => c.core.ok('reports:tierDistribution', {}, c.tokens.manager);
    const byCounter = async () => {
      const counts = new Map<string, number>();
      for (const memberId of c.members) {
        const s = await c.core.ok('points:memberSummary', { memberId }, c.tokens.cashier);
        counts.set(s.tier!.name, (counts.get(s.tier!.name) ?? 0) + 1);
      }
      return counts;
    };
    const award = (memberId: string, totalMinor: number, receiptNo: string) =>
      c.core.ok('points:award', { opId: op(), memberId, receiptNo, totalMinor }, c.tokens.cashier);
    await award(withBoth, 40_000, 'R-1');
    await award(onlyHere, 50_000, 'R-2');
    // Standalone the report counts this terminal's purchases only.
    expect(await report()).toEqual([
      { tier: 'Silver', thresholdMinor: 0, members: 4 },
      { tier: 'Gold', thresholdMinor: 100_000, members: 0 },
    ]);
    enrolledAsIf(c.core);
    const refundedLater = uuidv7();
    const own = c.core.db.prepare("SELECT id, created_at FROM points_purchases WHERE receipt_no = 'R-2'").get() as {
      id: string;
      created_at: number;
    };
    pulled(c.core, [
      { memberId: withBoth, paidMinor: 70_000 },
      { memberId: onlyElsewhere, purchaseId: refundedLater, paidMinor: 100_000 },
      // This terminal's own purchase as head office sends it back: counted once, by its own tables.
      { memberId: onlyHere, purchaseId: own.id, terminalId: c.core.terminalId, at: own.created_at, paidMinor: 50_000 },
    ]);
    expect(await report()).toEqual([
      { tier: 'Silver', thresholdMinor: 0, members: 2 },
      { tier: 'Gold', thresholdMinor: 100_000, members: 2 },
    ]);
    expect(await byCounter()).toEqual(
      new Map([
        ['Gold', 2],
        ['Silver', 2],
      ]),
    );
    // Refunded at the other store: head office's newer version takes it back in the report too.
    pulled(c.core, [
      { memberId: onlyElsewhere, purchaseId: refundedLater, paidMinor: 100_000, refundedMinor: 20_000, version: 2 },
    ]);
    expect(await report()).toEqual([
      { tier: 'Silver', thresholdMinor: 0, members: 3 },
      { tier: 'Gold', thresholdMinor: 100_000, members: 1 },
    ]);
    expect(await byCounter()).toEqual(
      new Map([
        ['Gold', 1],
        ['Silver', 3],
      ]),
    );
  });

  it('the window and the downgrade policy apply to chain purchases as to own ones', async () => {
    const c = await makePointsCore({ rules: { ...TIERED, tierDowngrade: { kind: 'grace', graceMonths: 3 } } });
    enrolledAsIf(c.core);
    pulled(c.core, [{ memberId: c.member, paidMinor: 100_000 }]);
    expect((await summary(c)).tier?.name).toBe('Gold');
    await travel(c.core, c.tokens, 40 * DAY); // out of the 1-month window, inside the grace
    expect(await summary(c)).toMatchObject({ tier: { name: 'Gold' }, rollingSpendMinor: 0, chainSpendMinor: 0 });
    await travel(c.core, c.tokens, 100 * DAY);
    expect((await summary(c)).tier?.name).toBe('Silver');
    // And a purchase older than the window never counted.
    const d = await makePointsCore({ rules: TIERED });
    pulled(d.core, [{ memberId: d.member, paidMinor: 100_000, at: d.core.clock.now() - 40 * DAY }]);
    expect((await summary(d)).tier?.name).toBe('Silver');
  });

  it('a refund’s outbox op carries its money (what head office takes off the chain spend)', async () => {
    const c = await makePointsCore({ rules: TIERED });
    enrolledAsIf(c.core);
    await buy(c, 60_000, 'R-1');
    await c.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'R-1' }, c.tokens.manager);
    const rows = c.core.db.prepare('SELECT kind, payload FROM sync_outbox ORDER BY seq').all() as {
      kind: string;
      payload: string;
    }[];
    const refund = c.core.db.prepare('SELECT id, purchase_id, amount_minor FROM points_refunds').get() as {
      id: string;
      purchase_id: string;
      amount_minor: number;
    };
    const ledger = rows.filter((r) => r.kind === 'points.ledger').map((r) => JSON.parse(r.payload));
    expect(ledger).toEqual([
      expect.objectContaining({
        refund: { refundId: refund.id, purchaseId: refund.purchase_id, amountMinor: 60_000 },
      }),
    ]);
    // An award's op carries none.
    const award = rows.find((r) => r.kind === 'points.award')!;
    expect(JSON.parse(award.payload)).not.toHaveProperty('refund');
  });
  it('a purchase that earns no points, and its refund that moves none, still become ops (their money counts)', async () => {
    const c = await makePointsCore({ rules: TIERED });
    enrolledAsIf(c.core);
    expect((await buy(c, 50, 'R-1')).pointsEarned).toBe(0);
    await c.core.ok('points:refund', { opId: randomUUID(), receiptNo: 'R-1' }, c.tokens.manager);
    const rows = (
      c.core.db
        .prepare("SELECT kind, payload, points FROM sync_outbox WHERE kind LIKE 'points.%' ORDER BY seq")
        .all() as {
        kind: string;
        payload: string;
        points: number;
      }[]
    ).map((r) => ({ kind: r.kind, points: r.points, payload: JSON.parse(r.payload) }));
    expect(rows).toEqual([
      { kind: 'points.award', points: 0, payload: expect.objectContaining({ paidMinor: 50, entries: [] }) },
      {
        kind: 'points.ledger',
        points: 0,
        payload: expect.objectContaining({ entries: [], refund: expect.objectContaining({ amountMinor: 50 }) }),
      },
    ]);
    expect(c.core.db.prepare("SELECT count(*) FROM sync_capture WHERE what = 'invalid'").pluck().get()).toBe(0);
  });
});

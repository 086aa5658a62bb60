import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { legacyCard, newEntityId, ok, startChain, usePgCluster, type TestTerminal } from './helpers';
import { chainSpendOf } from '../../src/server/spend/chain-spend';
import type { Change, PushOp } from '../../src/shared/sync';

/**
 * Head office's chain spend (server migration 013) is the sum of the purchases pushed —
 * each purchase once — minus what the pushed refunds took back: whatever the order, with
 * pushes from several terminals at once, batches pushed again, and the same purchase
 * reported twice. Checked three ways: `chainSpendOf`, the applied ops' own payloads in
 * `sync_ops`, and what a fresh download sends terminals.
 */
const pg = usePgCluster();

type Event =
  | { k: 'award'; t: number; paid: number }
  | { k: 'refund'; pick: number; percent: number }
  | { k: 'again'; pick: number }
  | { k: 'repush'; t: number }
  | { k: 'flush' };

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('award' as const), t: fc.nat(2), paid: fc.nat(50_000) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('refund' as const),
      pick: fc.nat(),
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('again' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('repush' as const), t: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('flush' as const) }) },
);

describe('head office chain spend = pushed purchases − pushed refunds', () => {
  it('holds for random awards, refunds, concurrent pushes and re-pushes', async () => {
    const chain = await startChain(pg);
    const north = await chain.createStore('North');
    const south = await chain.createStore('South');
    const tills = [await chain.enrol(north, 'N1'), await chain.enrol(north, 'N2'), await chain.enrol(south, 'S1')];
    const reader = await chain.enrol(south, 'S2');
    let card = 1_000;

    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 30 }), async (events) => {
        const memberId = newEntityId();
        const first = tills[0];
        await first.pushOk([first.register({ memberId, cardNumber: legacyCard(++card) })]);
        const pending: PushOp[][] = [[], [], []];
        const lastBatch: (PushOp[] | null)[] = [null, null, null];
        const purchases: { t: number; purchaseId: string; paid: number; refunded: number }[] = [];
        let receipt = 0;
        const flush = async () => {
          const batches = pending.map((ops) => ops.splice(0));
          await Promise.all(
            batches.map(async (ops, t) => {
              if (ops.length === 0) return;
              const r = await tills[t].pushOk(ops);
              expect(r.outcomes.every((o) => o.status === 'applied')).toBe(true);
              lastBatch[t] = ops;
            }),
          );
        };
        for (const e of events) {
          if (e.k === 'award') {
            const op = tills[e.t].award({ memberId }, `R-${card}-${++receipt}`, 1, Math.max(e.paid, 1));
            op.payload.paidMinor = e.paid;
            pending[e.t].push(op);
            purchases.push({ t: e.t, purchaseId: op.payload.purchaseId, paid: e.paid, refunded: 0 });
          } else if (e.k === 'refund' && purchases.length > 0) {
            const p = purchases[e.pick % purchases.length];
            const left = p.paid - p.refunded;
            if (left === 0) continue;
            const amountMinor = Math.max(1, Math.floor((left * e.percent) / 100));
            p.refunded += amountMinor;
            const op = tills[p.t].ledger({ memberId }, -1, 'refund_clawback');
            op.payload.refund = { refundId: newEntityId(), purchaseId: p.purchaseId, amountMinor };
            pending[p.t].push(op);
          } else if (e.k === 'again' && purchases.length > 0) {
            // The same purchase reported again under another op (another receipt number): counted once.
            const p = purchases[e.pick % purchases.length];
            const op = tills[p.t].award({ memberId }, `R-${card}-${++receipt}`, 1, Math.max(p.paid, 1));
            op.payload.purchaseId = p.purchaseId;
            op.payload.paidMinor = p.paid;
            pending[p.t].push(op);
          } else if (e.k === 'repush') {
            // A batch pushed again (its answer was lost): recorded outcomes, nothing counted twice.
            const again = lastBatch[e.t];
            if (again) await tills[e.t].pushOk(again);
          } else if (e.k === 'flush') {
            await flush();
          }
        }
        await flush();

        const expected = purchases.reduce((s, p) => s + p.paid - p.refunded, 0);
        const at = chain.clock.now() + 1;
        expect(await chainSpendOf(chain.pool, memberId, at, null)).toBe(expected);
        expect(await chainSpendOf(chain.pool, memberId, at, 12)).toBe(expected);
        const fromOps = await chain.pool.query(
          `SELECT
             (SELECT coalesce(sum(paid), 0) FROM (SELECT DISTINCT ON (payload->>'purchaseId') (payload->>'paidMinor')::bigint AS paid
                FROM sync_ops WHERE kind = 'points.award' AND status = 'applied' AND payload->'member'->>'memberId' = $1
                ORDER BY payload->>'purchaseId', received_at) x)
           - (SELECT coalesce(sum((payload->'refund'->>'amountMinor')::bigint), 0) FROM sync_ops
                WHERE kind = 'points.ledger' AND status = 'applied' AND payload->'member'->>'memberId' = $1) AS spend`,
          [memberId],
        );
        expect(Number(fromOps.rows[0].spend)).toBe(expected);
        expect((await chain.pool.query('SELECT * FROM chain_spend_check()')).rows).toEqual([]);
        expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
        expect(await downloadedSpend(reader, memberId)).toBe(expected);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

/** What a terminal's fresh download says the member spent across the chain. */
async function downloadedSpend(t: TestTerminal, memberId: string): Promise<number> {
  let next: string | undefined;
  let spend = 0;
  for (;;) {
    const page = await ok(t.req('sync:bootstrap', { ...(next ? { next } : {}), limit: 1000 }));
    for (const c of page.changes as Change[]) {
      if (c.entity === 'purchase' && c.data.memberId === memberId) spend += c.data.paidMinor - c.data.refundedMinor;
    }
    if (page.next === null) return spend;
    next = page.next;
  }
}

import { describe, expect, it } from 'vitest';
import { COUNTER_RESERVED_CONNECTIONS, syncSlotsFor } from '../../src/server/sync-slots';
import { legacyCard, newOpId, ok, startChain, usePgCluster } from './helpers';

const pg = usePgCluster();

describe('sync traffic keeps connections free for the counter', () => {
  it('sync gets the pool less the reserved connections, and always at least one', () => {
    expect(syncSlotsFor(20).concurrency).toBe(20 - COUNTER_RESERVED_CONNECTIONS);
    expect(syncSlotsFor(COUNTER_RESERVED_CONNECTIONS).concurrency).toBe(1);
    expect(syncSlotsFor(1).concurrency).toBe(1);
  });

  it('with every sync slot taken, an online redemption and a card lookup are answered; a push waits its turn', async () => {
    const chain = await startChain(pg, { poolMax: COUNTER_RESERVED_CONNECTIONS + 1 });
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const reg = till.register({ cardNumber: legacyCard(1) });
    await till.pushOk([reg, till.award({ memberId: reg.payload.memberId }, 'R-1', 100)]);
    const memberId = reg.payload.memberId;

    // A push storm in miniature: the one sync slot is held until released below.
    let release!: () => void;
    const busy = chain.service.ctx.syncSlots(() => new Promise<void>((r) => (release = r)));
    await expect.poll(() => chain.service.ctx.syncSlots.activeCount).toBe(1);
    const waitingPush = till.push([till.award({ memberId }, 'R-2', 50)]);
    await expect.poll(() => chain.service.ctx.syncSlots.pendingCount).toBe(1);

    const spent = await ok(till.req('redeem:online', { opId: newOpId(), memberId, points: 60 }));
    expect(spent.balance).toMatchObject({ balance: 40 });
    await ok(till.req('members:lookup', { cardNumber: legacyCard(1) }));
    expect(chain.service.ctx.syncSlots.pendingCount).toBe(1); // the push is still in line

    release();
    await busy;
    const pushed = await waitingPush;
    expect(pushed).toMatchObject({ ok: true });
    const row = await chain.pool.query('SELECT balance FROM balances WHERE member_id = $1', [memberId]);
    expect(row.rows[0].balance).toBe(90);
  });
});

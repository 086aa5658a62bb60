import { describe, expect, it } from 'vitest';
import { legacyCard, newOpId, ok, startChain, usePgCluster, type TestChain, type TestTerminal } from './helpers';

const pg = usePgCluster();

async function memberWith(chain: TestChain, till: TestTerminal, points: number, n = 1) {
  const reg = till.register({ cardNumber: legacyCard(n) });
  await till.pushOk([reg, till.award({ memberId: reg.payload.memberId }, `R-${n}`, points)]);
  return reg.payload.memberId;
}

async function balanceRow(chain: TestChain, memberId: string) {
  const r = await chain.pool.query('SELECT balance, held FROM balances WHERE member_id = $1', [memberId]);
  return r.rows[0] as { balance: number; held: number };
}

describe('online redemption', () => {
  it('head office decides: a redemption within the balance is journaled, one beyond it is refused and changes nothing', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const memberId = await memberWith(chain, till, 100);
    const r = await ok(till.req('redeem:online', { opId: newOpId(), memberId, points: 60 }));
    expect(r.balance).toMatchObject({ balance: 40, held: 0 });
    const refused = await till.req('redeem:online', { opId: newOpId(), memberId, points: 41 });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'insufficientPoints', available: 40 } },
    });
    const entries = await chain.pool.query(
      "SELECT kind, points, terminal_id, store_id FROM journal WHERE kind = 'redeem'",
    );
    expect(entries.rows).toEqual([{ kind: 'redeem', points: -60, terminal_id: till.terminalId, store_id: store }]);

    // The same request again is the first answer; the same op id for another request is CONFLICT.
    const opId = newOpId();
    const first = await ok(till.req('redeem:online', { opId, memberId, points: 10 }));
    const again = await ok(till.req('redeem:online', { opId, memberId, points: 10 }));
    expect(again).toEqual({ ...first, replay: true });
    expect(await till.req('redeem:online', { opId, memberId, points: 11 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'opIdReused' } },
    });
    expect(await balanceRow(chain, memberId)).toEqual({ balance: 30, held: 0 });
  });

  it('never overdraws under many simultaneous redemptions on one member, from several stores', async () => {
    const chain = await startChain(pg, { poolMax: 30 });
    const tills: TestTerminal[] = [];
    for (const name of ['A', 'B', 'C']) {
      const store = await chain.createStore(name);
      tills.push(await chain.enrol(store), await chain.enrol(store));
    }
    const memberId = await memberWith(chain, tills[0], 1000);
    const hold = await ok(tills[1].req('holds:take', { opId: newOpId(), memberId, points: 100, ttlMinutes: 60 }));
    expect(hold.balance).toMatchObject({ balance: 1000, held: 100 });
    const attempts = Array.from({ length: 60 }, (_, i) =>
      tills[i % tills.length].req('redeem:online', { opId: newOpId(), memberId, points: 30 }),
    );
    const results = await Promise.all(attempts);
    const approved = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok);
    // (1000 − 100 held) / 30 = 30 redemptions fit; the other 30 are refused.
    expect(approved).toBe(30);
    expect(refused.every((r) => !r.ok && r.error.details?.reason === 'insufficientPoints')).toBe(true);
    expect(await balanceRow(chain, memberId)).toEqual({ balance: 100, held: 100 });
    const check = await ok(chain.admin('admin:checkJournal', {}));
    expect(check.mismatches).toEqual([]);
  });

  it('holds reserve points for offline use, expire, and are spent by the terminal that took them', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const other = await chain.enrol(store);
    const memberId = await memberWith(chain, till, 500);
    const hold = await ok(till.req('holds:take', { opId: newOpId(), memberId, points: 200, ttlMinutes: 30 }));
    expect(hold.expiresAt).toBe(chain.clock.now() + 30 * 60_000);
    // Held points are not available to anyone else …
    expect(await other.req('redeem:online', { opId: newOpId(), memberId, points: 301 })).toMatchObject({
      ok: false,
      error: { details: { reason: 'insufficientPoints', available: 300 } },
    });
    expect(await other.req('holds:take', { opId: newOpId(), memberId, points: 301, ttlMinutes: 5 })).toMatchObject({
      ok: false,
      error: { details: { reason: 'insufficientPoints' } },
    });
    // … nor the hold to another terminal.
    expect(
      await other.req('redeem:online', { opId: newOpId(), memberId, points: 50, holdId: hold.holdId }),
    ).toMatchObject({ ok: false, error: { details: { reason: 'holdUnavailable' } } });

    // Online, spending from the hold.
    const spent = await ok(till.req('redeem:online', { opId: newOpId(), memberId, points: 50, holdId: hold.holdId }));
    expect(spent.balance).toMatchObject({ balance: 450, held: 150 });
    // Offline, the terminal spent 120 from the hold; its push says so.
    const offline = await till.pushOk([till.ledger({ memberId }, -120, 'redeem', { holdId: hold.holdId })]);
    expect(offline.outcomes[0]).toMatchObject({ status: 'applied', reason: null, balance: 330 });
    expect(await balanceRow(chain, memberId)).toEqual({ balance: 330, held: 30 });

    // The rest expires; then it is free again.
    chain.clock.advance(31 * 60_000);
    const after = await ok(other.req('redeem:online', { opId: newOpId(), memberId, points: 330 }));
    expect(after.balance).toMatchObject({ balance: 0, held: 0 });
    const holds = await chain.pool.query('SELECT state, remaining FROM holds');
    expect(holds.rows).toEqual([{ state: 'expired', remaining: 30 }]);
    // A late offline spend against the expired hold still stands (it happened): a negative balance.
    const late = await till.pushOk([till.ledger({ memberId }, -20, 'redeem', { holdId: hold.holdId })]);
    expect(late.outcomes[0]).toMatchObject({ status: 'applied', reason: 'holdShort', balance: -20 });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });

  it('releases a hold; an online redemption reported back by the terminal is not journaled twice', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const memberId = await memberWith(chain, till, 300);
    const hold = await ok(till.req('holds:take', { opId: newOpId(), memberId, points: 100, ttlMinutes: 60 }));
    const released = await ok(till.req('holds:release', { holdId: hold.holdId }));
    expect(released).toMatchObject({ points: 100, replay: false, balance: { held: 0 } });
    expect(await ok(till.req('holds:release', { holdId: hold.holdId }))).toMatchObject({ replay: true });

    const red = await ok(till.req('redeem:online', { opId: newOpId(), memberId, points: 80 }));
    const reported = till.ledger({ memberId }, -80, 'redeem', { onlineRedemptionId: red.redemptionId });
    const res = await till.pushOk([reported]);
    expect(res.outcomes[0]).toMatchObject({ status: 'applied', reason: 'alreadyJournaled', balance: 220 });
    const wrong = till.ledger({ memberId }, -81, 'redeem', { onlineRedemptionId: red.redemptionId });
    expect((await till.pushOk([wrong])).outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'onlineRedemptionLinked',
    });
    expect(await balanceRow(chain, memberId)).toEqual({ balance: 220, held: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, type TestCore } from '../helpers/core';
import { chainCardNumber, ok, startChain, usePgCluster, type TestChain } from './helpers';

/**
 * The terminal side of chain mode end to end: two real terminal cores (each its own
 * SQLite file in a temp folder) enrolled with the real head office service on a real
 * PostgreSQL, syncing through `sync:now` — the same round the background loop runs —
 * over a network a test can take down or make lose answers.
 */
const pg = usePgCluster();

type Net = 'up' | 'down' | 'loseAnswers';
function network() {
  const state = { mode: 'up' as Net, pushes: 0 };
  const fetchVia: typeof fetch = async (input, init) => {
    if (state.mode === 'down') throw new Error('connect ECONNREFUSED (test network down)');
    if (String(input).endsWith('/v1/sync/push')) state.pushes++;
    const res = await fetch(input, init);
    if (state.mode === 'loseAnswers') {
      await res.arrayBuffer(); // head office did the work and answered; the answer is lost on the way
      throw new Error('socket hang up (test network lost the answer)');
    }
    return res;
  };
  return { state, fetch: fetchVia };
}

async function till(chain: TestChain, storeId: string, name: string) {
  const net = network();
  const { core, tokens } = await makeStaffedCore({ sync: { fetch: net.fetch, timeoutMs: 5_000 } });
  const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
  const enrolled = await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name }, tokens.manager);
  expect(enrolled.terminalName).toBe(name);
  return { core, tokens, net, sync: () => core.ok('sync:now', {}, tokens.cashier) };
}

const balanceAt = (t: { core: TestCore; tokens: { cashier: string } }, memberId: string) =>
  t.core.ok('sync:balance', { memberId }, t.tokens.cashier);
const outboxStates = (core: TestCore) =>
  core.db.prepare('SELECT state, count(*) AS n FROM sync_outbox GROUP BY state ORDER BY state').all();

describe('two terminals, one head office', () => {
  it('a member registered at A is found at B; an award made offline at A is recorded once however often its push is retried; balances agree', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    await a.sync();
    await b.sync();

    // Registered at A with a card number from A's block (prefix 28), pushed.
    const wang = await a.core.ok(
      'members:register',
      { name: 'Wang Fang', phone: '13812345678', opId: randomUUID() },
      a.tokens.cashier,
    );
    expect(wang.cardNumber.startsWith('28')).toBe(true);
    await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: wang.id, receiptNo: 'A-1', totalMinor: 10_000 },
      a.tokens.cashier,
    );
    expect(await a.sync()).toMatchObject({ ok: true });

    // B pulls: the card scanned at B finds her, by card and by name.
    await b.sync();
    const atB = await b.core.ok('members:lookupCard', { cardNumber: wang.cardNumber }, b.tokens.cashier);
    expect(atB).toMatchObject({ id: wang.id, name: 'Wang Fang' });
    expect((await b.core.ok('members:search', { query: 'Wang' }, b.tokens.cashier)).results.map((m) => m.id)).toContain(
      wang.id,
    );
    expect(await balanceAt(b, wang.id)).toMatchObject({ headOffice: 100, here: 0, total: 100 });

    // A goes offline and awards: the award waits in A's outbox, the status says so.
    a.net.state.mode = 'down';
    const offlineOp = randomUUID();
    const award = await a.core.ok(
      'points:award',
      { opId: offlineOp, memberId: wang.id, receiptNo: 'A-2', totalMinor: 5_000 },
      a.tokens.cashier,
    );
    expect(award.pointsEarned).toBe(50);
    expect(await a.sync()).toMatchObject({ ok: false });
    const offline = await a.core.ok('sync:status', {}, a.tokens.cashier);
    expect(offline).toMatchObject({ mode: 'chain', online: false, waiting: 1 });
    expect(offline.mode === 'chain' && offline.offlineSince).toBe(a.core.clock.now());
    expect(await balanceAt(a, wang.id)).toMatchObject({ headOffice: 100, here: 50, total: 150 });

    // The network comes back but loses head office's answer: A pushes the same op again.
    a.net.state.mode = 'loseAnswers';
    expect(await a.sync()).toMatchObject({ ok: false });
    expect((await a.core.ok('sync:status', {}, a.tokens.cashier)).mode === 'chain').toBe(true);
    a.net.state.mode = 'up';
    const pushesBefore = a.net.state.pushes;
    expect(await a.sync()).toMatchObject({ ok: true });
    expect(a.net.state.pushes).toBe(pushesBefore + 1);

    // Recorded once: one op, one earn entry of 50 for it, balance 150 — never 200.
    const ops = await chain.pool.query('SELECT count(*)::int AS n FROM sync_ops WHERE op_id = $1', [offlineOp]);
    expect(ops.rows[0].n).toBe(1);
    const entries = await chain.pool.query(
      `SELECT kind, points::int AS points FROM journal WHERE op_id = $1 ORDER BY seq`,
      [offlineOp],
    );
    expect(entries.rows).toEqual([{ kind: 'earn', points: 50 }]);
    const server = await chain.pool.query('SELECT balance::int AS balance FROM balances WHERE member_id = $1', [
      wang.id,
    ]);
    expect(server.rows[0].balance).toBe(150);
    expect(await a.core.ok('sync:status', {}, a.tokens.cashier)).toMatchObject({ online: true, waiting: 0 });

    // B awards her too; after both sync, both terminals show the same balance as head office.
    await b.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: wang.id, receiptNo: 'B-1', totalMinor: 2_000 },
      b.tokens.cashier,
    );
    await b.sync();
    await a.sync();
    const [atA, atB2] = [await balanceAt(a, wang.id), await balanceAt(b, wang.id)];
    expect(atA).toMatchObject({ headOffice: 170, here: 0, total: 170 });
    expect(atB2).toMatchObject({ headOffice: 170, here: 0, total: 170 });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);

    // A reward authored at head office reaches both catalogues; redeemed at B (which
    // holds B's points only locally: 20 — it costs 15), it moves the chain balance.
    const mug = await ok(
      chain.admin('admin:saveReward', { storeId: null, reward: { name: 'Chain mug', kind: 'goods', costPoints: 15 } }),
    );
    await a.sync();
    await b.sync();
    for (const t of [a, b]) {
      const list = await t.core.ok('rewards:list', {}, t.tokens.cashier);
      expect(list.find((r) => r.id === mug.id)).toMatchObject({
        name: 'Chain mug',
        costPoints: 15,
        availableNow: true,
      });
    }
    // Online: head office decides and debits at once; B's outbox op only links it.
    await b.core.ok('rewards:redeem', { opId: randomUUID(), memberId: wang.id, rewardId: mug.id }, b.tokens.cashier);
    expect(await balanceAt(b, wang.id)).toMatchObject({ headOffice: 155, here: 0, total: 155 });
    await b.sync();
    await a.sync();
    expect(await balanceAt(a, wang.id)).toMatchObject({ headOffice: 155, here: 0, total: 155 });
    expect(await balanceAt(b, wang.id)).toMatchObject({ headOffice: 155, here: 0, total: 155 });
    // Head office holds both terminals' audit chains as far as they were pushed, verified.
    for (const t of [a, b]) {
      const head = await ok(chain.admin('admin:auditHead', { terminalId: t.core.terminalId }));
      expect(head.broken).toEqual([]);
      expect(head.seq).toBe(t.core.db.prepare('SELECT audit_through FROM sync_state').pluck().get());
      expect(head.seq).toBeGreaterThan(5);
    }
    // Everything recorded is settled: no op left waiting at either terminal.
    expect(outboxStates(a.core)).toEqual([]);
    expect(outboxStates(b.core)).toEqual([]);
  });

  it('a permanent rejection is recorded and does not block the queue; an unknown card is looked up online and kept', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('South');
    const a = await till(chain, store, 'A1');
    const b = await till(chain, store, 'B1');
    const li = await a.core.ok('members:register', { name: 'Li Lei', phone: '13900000001' }, a.tokens.cashier);
    const zhou = await b.core.ok('members:register', { name: 'Zhou Jie', phone: '13900000002' }, b.tokens.cashier);
    await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: li.id, receiptNo: 'R-7', totalMinor: 3_000 },
      a.tokens.cashier,
    );
    await a.sync();
    // B records the same store receipt for someone else, then more work behind it.
    await b.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: zhou.id, receiptNo: 'R-7', totalMinor: 4_000 },
      b.tokens.cashier,
    );
    await b.core.ok('members:update', { memberId: zhou.id, email: 'zhou@example.com' }, b.tokens.cashier);
    expect(await b.sync()).toMatchObject({ ok: true });
    const status = await b.core.ok('sync:status', {}, b.tokens.cashier);
    expect(status).toMatchObject({ online: true, waiting: 0, rejected: 1 });
    const rejected = b.core.db.prepare("SELECT kind, reason FROM sync_outbox WHERE state = 'rejected'").all();
    expect(rejected).toEqual([{ kind: 'points.award', reason: 'duplicateReceipt' }]);
    const email = await chain.pool.query('SELECT email FROM members WHERE id = $1', [zhou.id]);
    expect(email.rows[0].email).toBe('zhou@example.com'); // the op behind the rejection went through

    // A third terminal, enrolled but not yet pulled, asks head office for Li's card.
    const c = await till(chain, store, 'C1');
    expect(() =>
      c.core.db.prepare('SELECT 1 FROM members WHERE id = ?').get(li.id)
        ? null
        : (() => {
            throw new Error('absent');
          })(),
    ).toThrow('absent');
    c.core.db.prepare('UPDATE sync_state SET pull_cursor = NULL').run();
    const found = await c.core.ok('sync:lookup', { cardNumber: li.cardNumber }, c.tokens.cashier);
    expect(found).toEqual({ memberIds: [li.id], unavailable: null, canRecordProvisional: false });
    expect(await c.core.ok('members:lookupCard', { cardNumber: li.cardNumber }, c.tokens.cashier)).toMatchObject({
      id: li.id,
    });
    expect(await balanceAt(c, li.id)).toMatchObject({ headOffice: 30 });
    expect(await c.core.ok('sync:lookup', { cardNumber: chainCardNumber(9_999_999) }, c.tokens.cashier)).toEqual({
      memberIds: [],
      unavailable: null,
      canRecordProvisional: false,
    });

    // Head office revokes C: its next round stops, the status says so, and what C records
    // meanwhile stays in its outbox.
    await ok(chain.admin('admin:revokeTerminal', { terminalId: c.core.terminalId }));
    await c.core.ok('members:update', { memberId: li.id, email: 'li@example.com' }, c.tokens.cashier);
    expect(await c.sync()).toMatchObject({ ok: false });
    expect(await c.core.ok('sync:status', {}, c.tokens.cashier)).toMatchObject({
      revoked: true,
      online: false,
      waiting: 1,
    });
    expect(await c.sync()).toMatchObject({ ok: false, pushed: 0 }); // no more requests
  });
});

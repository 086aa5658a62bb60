import { describe, expect, it } from 'vitest';
import type { AdminRouteName } from '../../src/shared/headoffice/admin-api';
import { ONLINE_WINDOW_MS } from '../../src/server/admin/overview';
import { adminGet } from './admin-get';
import { legacyCard, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

async function value<N extends AdminRouteName>(chain: TestChain, name: N, query: Record<string, string> = {}) {
  const r = await adminGet(chain, name, query);
  if (!r.body.ok) throw new Error(`${name}: ${JSON.stringify(r.body)}`);
  return r.body.value;
}

/** Two stores, three terminals (one never synced), two members with points. */
async function arrange() {
  const chain = await startChain(pg);
  const north = await chain.createStore('North');
  const south = await chain.createStore('South');
  const n1 = await chain.enrol(north, 'North till');
  const s1 = await chain.enrol(south, 'South till');
  await chain.enrol(south, 'Spare till');
  const wang = n1.register({ cardNumber: legacyCard(1), name: 'Wang Fang', phone: '+8613812345678' });
  const li = s1.register({ cardNumber: legacyCard(2), name: 'Li Lei', phone: '+8613900001111' });
  await n1.pushOk([wang, n1.award({ memberId: wang.payload.memberId }, 'N-1', 120)]);
  await s1.pushOk([li, s1.award({ memberId: li.payload.memberId }, 'S-1', 40)]);
  chain.clock.advance(60 * 60_000);
  await s1.pushOk([s1.ledger({ memberId: wang.payload.memberId }, -20, 'redeem')]);
  return { chain, north, south, n1, s1, wang: wang.payload, li: li.payload };
}

describe('the head office page’s routes (admin token, PostgreSQL)', () => {
  it('overview: stores, terminals online / never seen with queue depth, the chain’s points liability', async () => {
    const { chain, north, south, n1, s1 } = await arrange();
    await ok(
      s1.call('sync:pull', { cursor: 'not-a-cursor', outbox: { depth: 3, oldestAt: chain.clock.now() - 5_000 } }),
    );
    const o = await value(chain, 'overview');
    expect(o.serverTime).toBe(chain.clock.now());
    expect(o.stores.map((s) => [s.name, s.terminals, s.members])).toEqual([
      ['North', 1, 1],
      ['South', 2, 1],
    ]);
    const byName = Object.fromEntries(o.terminals.map((t) => [t.name, t]));
    // North pushed an hour ago: seen then, offline now; South pushed and pulled just now.
    expect(byName['North till']).toMatchObject({ storeId: north, state: 'offline', queueDepth: null });
    expect(byName['North till'].lastSyncAt).toBe(chain.clock.now() - 60 * 60_000);
    expect(byName['South till']).toMatchObject({
      storeId: south,
      state: 'online',
      queueDepth: 3,
      syncLagMs: 5_000,
      lastSyncAt: chain.clock.now(),
    });
    expect(byName['Spare till']).toMatchObject({ state: 'never', lastSeenAt: null, lastSyncAt: null });
    expect(o.onlineWindowMs).toBe(ONLINE_WINDOW_MS);
    expect(o.liability).toEqual({
      outstandingPoints: 140,
      heldPoints: 0,
      membersWithPoints: 2,
      byStore: expect.arrayContaining([
        { storeId: north, points: 100, members: 1 },
        { storeId: south, points: 40, members: 1 },
      ]),
      overdrawnMembers: 0,
      overdrawnPoints: 0,
      // North is offline and never said its allowance.
      offlineExposure: { terminalsOffline: 1, perMemberPoints: 0, unreported: 1 },
    });
    expect(n1.terminalId).toBeTruthy();
  });

  it('overview: what overdrawn members owe, and what the terminals offline now could let one member overdraw', async () => {
    const { chain, n1, s1, li } = await arrange();
    // Each terminal says its allowance with a pull; then North goes quiet.
    await ok(
      n1.call('sync:pull', { cursor: 'not-a-cursor', outbox: { depth: 0, oldestAt: null, allowancePoints: 500 } }),
    );
    await ok(
      s1.call('sync:pull', { cursor: 'not-a-cursor', outbox: { depth: 0, oldestAt: null, allowancePoints: 300 } }),
    );
    chain.clock.advance(ONLINE_WINDOW_MS + 1_000);
    await ok(
      s1.call('sync:pull', { cursor: 'not-a-cursor', outbox: { depth: 0, oldestAt: null, allowancePoints: 300 } }),
    );
    // South spent offline beyond Li Lei's 40: Li owes 60.
    await s1.pushOk([s1.ledger({ memberId: li.memberId }, -100, 'redeem')]);
    const o = await value(chain, 'overview');
    expect(Object.fromEntries(o.terminals.map((t) => [t.name, [t.state, t.offlineAllowancePoints]]))).toEqual({
      'North till': ['offline', 500],
      'South till': ['online', 300],
      'Spare till': ['never', null],
    });
    expect(o.liability).toMatchObject({
      outstandingPoints: 100,
      overdrawnMembers: 1,
      overdrawnPoints: 60,
      offlineExposure: { terminalsOffline: 1, perMemberPoints: 500, unreported: 0 },
    });
    // A bad allowance is refused with the pull, and changes nothing.
    expect(
      await s1.call('sync:pull', { cursor: 'x', outbox: { depth: 0, oldestAt: null, allowancePoints: -1 } }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('member search: by card, by phone digits, by part of the name, chain-wide, with the balance', async () => {
    const { chain, wang, li } = await arrange();
    const ids = async (q: string) => (await value(chain, 'members', { q })).members.map((m) => m.id);
    expect(await ids(legacyCard(1))).toEqual([wang.memberId]);
    expect(await ids('13812345678')).toEqual([wang.memberId]);
    expect(await ids('wang')).toEqual([wang.memberId]);
    expect(await ids('LI LEI')).toEqual([li.memberId]);
    expect((await ids('29')).sort()).toEqual([wang.memberId, li.memberId].sort());
    // Wildcards are what they look like: "%" finds only a name with a "%" in it.
    expect(await ids('%%')).toEqual([]);
    expect(await ids('__')).toEqual([]);
    const hit = (await value(chain, 'members', { q: 'Wang' })).members[0];
    expect(hit).toMatchObject({ cardNumber: legacyCard(1), name: 'Wang Fang', balance: 100, held: 0, active: true });
  });

  it('member search pages: 50 at a time, each member once, in order, `more` until the last page', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore('North'));
    const regs = Array.from({ length: 120 }, (_, i) =>
      till.register({ cardNumber: legacyCard(i + 1), name: `Zhao ${String(i).padStart(3, '0')}` }),
    );
    await till.pushOk(regs);
    const pages = [];
    for (const page of ['1', '2', '3']) pages.push(await value(chain, 'members', { q: 'zhao', page }));
    expect(pages.map((p) => [p.page, p.members.length, p.more])).toEqual([
      [1, 50, true],
      [2, 50, true],
      [3, 20, false],
    ]);
    const names = pages.flatMap((p) => p.members.map((m) => m.name));
    expect(names).toEqual(regs.map((r) => r.payload.name));
    expect((await value(chain, 'members', { q: 'zhao' })).page).toBe(1);
  });

  it('reports: earned and spent per store per day in the manager’s time zone, and the top members', async () => {
    const { chain, north, south, wang, li } = await arrange();
    // The clock starts 2026-12-01 09:00 UTC = 17:00 in Shanghai; +1 h is still the 1st.
    const r = await value(chain, 'reports', { from: '2026-12-01', to: '2026-12-01', tz: 'Asia/Shanghai' });
    expect(r.days).toEqual([
      { day: '2026-12-01', storeId: north, earned: 120, spent: 0 },
      { day: '2026-12-01', storeId: south, earned: 40, spent: 20 },
    ]);
    expect(r.topMembers.map((m) => [m.memberId, m.earned, m.balance])).toEqual([
      [wang.memberId, 120, 100],
      [li.memberId, 40, 40],
    ]);
    expect(
      (await value(chain, 'reports', { from: '2026-12-01', to: '2026-12-01', tz: 'UTC', top: '1' })).topMembers,
    ).toHaveLength(1);
    // In Honolulu (UTC−10) the awards at 09:00 UTC fall on the 30th of November, the
    // redemption at 10:00 UTC on the 1st of December.
    const hnl = await value(chain, 'reports', { from: '2026-12-01', to: '2026-12-02', tz: 'Pacific/Honolulu' });
    expect(hnl.days).toEqual([{ day: '2026-12-01', storeId: south, earned: 0, spent: 20 }]);
    expect(hnl.topMembers).toEqual([]);
  });

  it('refuses without the admin token, and a terminal’s credential is not one', async () => {
    const { chain } = await arrange();
    expect(await adminGet(chain, 'overview', {}, null)).toMatchObject({
      status: 401,
      body: { ok: false, error: { code: 'UNAUTHENTICATED' } },
    });
    expect((await adminGet(chain, 'overview', {}, `pda1.${'x'.repeat(43)}`)).status).toBe(401);
    const till = await chain.enrol(await chain.createStore('East'));
    const enrolled = await chain.pool.query('SELECT 1 FROM terminals WHERE id = $1', [till.terminalId]);
    expect(enrolled.rowCount).toBe(1);
    // The page never sees a terminal credential; one presented is refused all the same.
    const code = await ok(chain.admin('admin:issueEnrolmentCode', { storeId: till.storeId }));
    const joined = await ok(
      chain.anonymous('enrol:join', { code: code.code, terminalId: crypto.randomUUID(), name: 'T' }),
    );
    expect(await adminGet(chain, 'overview', {}, joined.credential)).toMatchObject({
      status: 403,
      body: { ok: false, error: { code: 'FORBIDDEN' } },
    });
  });
});

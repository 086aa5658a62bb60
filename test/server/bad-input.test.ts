import { describe, expect, it } from 'vitest';
import { syncEndpoints, type EndpointName } from '../../src/shared/sync';
import { legacyCard, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

/** Row counts of every table: "nothing written" means this is unchanged. */
async function snapshotCounts(chain: TestChain) {
  const tables = await chain.pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  const out: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    out[tablename] = (await chain.pool.query(`SELECT count(*) AS n FROM "${tablename}"`)).rows[0].n;
  }
  return out;
}

const BAD_INPUTS: unknown[] = [
  null,
  42,
  'text',
  [],
  { unknownField: 1 },
  { opId: 'not-a-uuid', memberId: "1'; DROP TABLE journal; --", points: Number.NaN },
  { cardNumber: '9'.repeat(100_000) },
  { points: -5, ttlMinutes: 1e12, cursor: '', name: '\u0000' },
];

describe('every endpoint refuses bad input with a typed error and writes nothing', () => {
  it('as the caller it is meant for (terminal or admin)', async () => {
    const chain = await startChain(pg);
    const storeId = await chain.createStore();
    const till = await chain.enrol(storeId);
    await till.pushOk([till.register({ cardNumber: legacyCard(1) })]);
    const before = await snapshotCounts(chain);
    for (const name of Object.keys(syncEndpoints) as EndpointName[]) {
      const auth = syncEndpoints[name].auth;
      const call = auth === 'admin' ? chain.admin : auth === 'none' ? chain.anonymous : till.call;
      for (const input of BAD_INPUTS) {
        const r = await call(name, input as never);
        expect(r.ok, `${name} ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
        if (!r.ok) expect([name, r.error.code]).toEqual([name, 'VALIDATION']);
      }
    }
    expect(await snapshotCounts(chain)).toEqual(before);
  });

  it('refuses what is not one JSON object of a sane size, in the same envelope', async () => {
    const chain = await startChain(pg);
    const post = (body: string, type = 'application/json') =>
      fetch(`${chain.service.url}/v1/enrol/join`, { method: 'POST', headers: { 'content-type': type }, body });
    for (const res of [
      await post('x'.repeat(9 * 1024 * 1024)),
      await post('{"code":"x"}', 'text/plain'),
      await post(''),
      await post('[1,2'),
    ]) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });

  it('a terminal names no store: its ops are its own store’s, and a storeId field is refused', async () => {
    const chain = await startChain(pg);
    const storeA = await chain.createStore('A');
    const storeB = await chain.createStore('B');
    const a = await chain.enrol(storeA);
    const reg = a.register({ cardNumber: legacyCard(2) });
    const smuggled = { ...a.award({ memberId: reg.payload.memberId }, 'R-1', 5), storeId: storeB };
    a.seq = 1;
    expect(await a.push([reg, smuggled as never])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    a.seq = 0;
    const fine = [a.register({ ...reg.payload }), a.award({ memberId: reg.payload.memberId }, 'R-1', 5)];
    await ok(a.push(fine));
    const stores = await chain.pool.query(
      'SELECT DISTINCT store_id FROM sync_ops UNION SELECT DISTINCT store_id FROM journal',
    );
    expect(stores.rows).toEqual([{ store_id: storeA }]);
  });
});

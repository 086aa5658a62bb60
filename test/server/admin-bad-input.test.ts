import { describe, expect, it } from 'vitest';
import { adminRoutes, type AdminRouteName } from '../../src/shared/headoffice/admin-api';
import { legacyCard, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

/** Row counts of every table: the page's routes are read-only, whatever they are sent. */
async function counts(chain: TestChain) {
  const tables = await chain.pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  const out: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    out[tablename] = (await chain.pool.query(`SELECT count(*) AS n FROM "${tablename}"`)).rows[0].n;
  }
  return out;
}

const get = (chain: TestChain, path: string) =>
  fetch(`${chain.service.url}${path}`, { headers: { authorization: `Bearer ${chain.adminToken}` } });

const GOOD: Record<AdminRouteName, string> = {
  overview: '',
  members: 'q=Wang',
  reports: 'from=2026-12-01&to=2026-12-07&tz=Asia%2FShanghai',
  actions: 'before=10',
};

/** Query strings every route must refuse (each on top of the route's good query, or alone). */
const BAD: Record<AdminRouteName, string[]> = {
  overview: ['x=1', 'q=Wang', `${'a'.repeat(5000)}=1`],
  members: [
    '',
    'q=',
    'q=a',
    `q=${'9'.repeat(5000)}`,
    'q=Wang%00',
    'q=Wang%1B%5B31m',
    'q=Wang%0ALi',
    'q=Wang&q=Li',
    'q[]=Wang',
    'q=Wang&limit=5',
    'q=Wang&page=0',
    'q=Wang&page=21',
    'q=Wang&page=-1',
    'q=Wang&page=1.5',
    'q=Wang&page=1&page=2',
    'q=Wang&unknown=1',
  ],
  reports: [
    '',
    'from=2026-12-01&to=2026-12-07',
    'from=2026-12-01&to=2026-12-07&tz=Mars%2FOlympus',
    "from=2026-12-01&to=2026-12-07&tz=UTC'%3B%20DROP%20TABLE%20journal%3B--",
    'from=2026-02-30&to=2026-03-01&tz=UTC',
    'from=2026-12-07&to=2026-12-01&tz=UTC',
    'from=2020-01-01&to=2026-12-01&tz=UTC',
    'from=1&to=2&tz=UTC',
    'from=2026-12-01T00:00&to=2026-12-07&tz=UTC',
    'from=2026-12-01&to=2026-12-07&tz=UTC&top=0',
    'from=2026-12-01&to=2026-12-07&tz=UTC&top=101',
    'from=2026-12-01&to=2026-12-07&tz=UTC&top=-1',
    'from=2026-12-01&to=2026-12-07&tz=UTC&top=1e3',
    'from=2026-12-01&to=2026-12-07&tz=UTC&top=99999999999',
    'from=2026-12-01&to=2026-12-07&tz=UTC&from=2026-12-02',
    'from=2026-12-01&to=2026-12-07&tz=UTC&storeId=1',
    `from=2026-12-01&to=2026-12-07&tz=${'A'.repeat(5000)}`,
  ],
  actions: [
    'before=0',
    'before=-1',
    'before=1.5',
    'before=1e3',
    'before=NaN',
    `before=${'9'.repeat(17)}`,
    'before=1%3B%20DELETE%20FROM%20admin_actions',
    'before=1&before=2',
    'before=%001',
    'limit=5',
  ],
};

describe('the head office page’s routes refuse bad input with VALIDATION and write nothing', () => {
  it('wrong types, repeats, huge, control characters, SQL-looking, unknown fields', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const till = await chain.enrol(store);
    await till.pushOk([till.register({ cardNumber: legacyCard(1) })]);
    const before = await counts(chain);
    for (const name of Object.keys(adminRoutes) as AdminRouteName[]) {
      const ok = await get(chain, `${adminRoutes[name].path}?${GOOD[name]}`);
      expect([name, ok.status]).toEqual([name, 200]);
      for (const query of BAD[name]) {
        const res = await get(chain, `${adminRoutes[name].path}?${query}`);
        const body = (await res.json()) as { ok: boolean; error?: { code: string } };
        expect([name, query.slice(0, 60), res.status, body.ok, body.error?.code]).toEqual([
          name,
          query.slice(0, 60),
          400,
          false,
          'VALIDATION',
        ]);
      }
    }
    expect(await counts(chain)).toEqual(before);
  });

  it('SQL-looking search text is only text: it finds nothing and breaks nothing', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const till = await chain.enrol(store);
    await till.pushOk([till.register({ cardNumber: legacyCard(1), name: "O'Brien" })]);
    for (const q of ["' OR 1=1 --", "'; DROP TABLE members; --", '%%', "O'Brien", '\\\\', '_%_']) {
      const res = await get(chain, `/admin/api/members?${new URLSearchParams({ q })}`);
      const body = (await res.json()) as { ok: boolean; value: { members: unknown[] } };
      expect([q, res.status, body.ok]).toEqual([q, 200, true]);
      expect(body.value.members.length, q).toBe(q === "O'Brien" ? 1 : 0);
    }
    expect((await chain.pool.query('SELECT count(*) AS n FROM members')).rows[0].n).toBe(1);
  });

  it('an unknown admin route, a POST, or the page’s files outside the build: refused', async () => {
    const chain = await startChain(pg);
    const nope = await get(chain, '/admin/api/drop-everything');
    expect(nope.status).toBe(404);
    expect(await nope.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const post = await fetch(`${chain.service.url}/admin/api/overview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chain.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    for (const path of ['/admin/../package.json', '/admin/%2e%2e/package.json', '/admin/..%2fpackage.json']) {
      const res = await fetch(`${chain.service.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/shared/sync';
import { legacyCard, newEntityId, ok, startChain, usePgCluster } from './helpers';

const pg = usePgCluster();

describe('enrolment and auth', () => {
  it('a terminal joins with a one-time code and then authenticates with its own credential', async () => {
    const chain = await startChain(pg);
    const storeId = await chain.createStore('Store A');
    const { code, expiresAt } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(expiresAt).toBe(chain.clock.now() + 60 * 60_000);

    const terminalId = newEntityId();
    const joined = await ok(chain.anonymous('enrol:join', { code: code.toLowerCase(), terminalId, name: 'Till 1' }));
    expect(joined).toMatchObject({ terminalId, storeId, storeName: 'Store A' });
    expect(joined.credential).toMatch(new RegExp(`^pdt1\\.${terminalId}\\.`));

    // Only a hash of the secret is stored.
    const row = await chain.pool.query('SELECT secret_hash FROM terminals WHERE id = $1', [terminalId]);
    expect(row.rows[0].secret_hash).toHaveLength(32);
    expect(JSON.stringify(row.rows)).not.toContain(joined.credential.split('.')[2]);

    const client = createSyncClient({ baseUrl: chain.service.url, credential: joined.credential });
    const block = await ok(client.call('cards:block', { opId: newEntityId() }));
    expect(block.size).toBe(1000);

    // The code was single use.
    const again = await chain.anonymous('enrol:join', { code, terminalId: newEntityId(), name: 'Till 2' });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', details: { reason: 'badEnrolmentCode' } },
    });
  });

  it('an expired code is refused, and two terminals racing one code cannot both join', async () => {
    const chain = await startChain(pg);
    const storeId = await chain.createStore();
    const expired = await ok(chain.admin('admin:issueEnrolmentCode', { storeId, ttlMinutes: 5 }));
    chain.clock.advance(5 * 60_000);
    const late = await chain.anonymous('enrol:join', { code: expired.code, terminalId: newEntityId(), name: 'T' });
    expect(late).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => chain.anonymous('enrol:join', { code, terminalId: newEntityId(), name: 'T' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const count = await chain.pool.query('SELECT count(*) AS n FROM terminals');
    expect(count.rows[0].n).toBe(1);
  });

  it('refuses requests without, or with a wrong, credential — and a revoked terminal', async () => {
    const chain = await startChain(pg);
    const storeId = await chain.createStore();
    const till = await chain.enrol(storeId);
    const anon = await chain.anonymous('sync:pull', { cursor: 'c1.x' });
    expect(anon).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const forged = createSyncClient({
      baseUrl: chain.service.url,
      credential: `pdt1.${till.terminalId}.${'A'.repeat(43)}`,
    });
    expect(await forged.call('cards:block', { opId: newEntityId() })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    // A terminal is not the admin, and the admin is not a terminal.
    expect(await till.req('admin:createStore', { name: 'Mine' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await chain.admin('sync:push', { ops: [till.register({ cardNumber: legacyCard(1) })] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    till.seq = 0; // the admin's attempt above did not use up a sequence number
    expect((await till.pushOk([till.register({ cardNumber: legacyCard(2) })])).ackedThrough).toBe(1);
    const revoked = await ok(chain.admin('admin:revokeTerminal', { terminalId: till.terminalId }));
    expect(revoked.revokedAt).toBe(chain.clock.now());
    const refused = await till.push([till.register({ cardNumber: legacyCard(3) })]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'terminalRevoked' } } });
    expect((await chain.pool.query('SELECT count(*) AS n FROM members')).rows[0].n).toBe(1);
  });

  it('a terminal id can enrol once; bad input is a typed VALIDATION error that changes nothing', async () => {
    const chain = await startChain(pg);
    const storeId = await chain.createStore();
    const till = await chain.enrol(storeId);
    const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId }));
    const twice = await chain.anonymous('enrol:join', { code, terminalId: till.terminalId, name: 'Again' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'alreadyEnrolled' } } });
    // The failed enrolment rolled back: the code still works for another terminal.
    await ok(chain.anonymous('enrol:join', { code, terminalId: newEntityId(), name: 'Other' }));

    const bad = await chain.anonymous('enrol:join', { code: 'x', terminalId: 'nope', name: '', extra: 1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const res = await fetch(`${chain.service.url}/v1/enrol/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const missing = await fetch(`${chain.service.url}/v1/nothing`, { method: 'POST' });
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

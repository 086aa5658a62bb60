import { describe, expect, it } from 'vitest';
import { legacyCard, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

async function terminalRow(chain: TestChain, id: string) {
  const r = await chain.pool.query(
    'SELECT last_push_at, last_pull_at, outbox_depth, outbox_oldest_at FROM terminals WHERE id = $1',
    [id],
  );
  return r.rows[0];
}

describe('head office records when each terminal last pushed and pulled, and its outbox', () => {
  it('a push sets last_push_at; a pull sets last_pull_at and the outbox it reports', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const t0 = chain.clock.now();
    expect(await terminalRow(chain, till.terminalId)).toEqual({
      last_push_at: null,
      last_pull_at: null,
      outbox_depth: null,
      outbox_oldest_at: null,
    });
    await till.pushOk([till.register({ cardNumber: legacyCard(1) })]);
    chain.clock.advance(1_000);
    const boot = await ok(till.req('sync:bootstrap', {}));
    await ok(till.req('sync:pull', { cursor: boot.cursor, outbox: { depth: 0, oldestAt: null } }));
    expect(await terminalRow(chain, till.terminalId)).toEqual({
      last_push_at: t0,
      last_pull_at: t0 + 1_000,
      outbox_depth: 0,
      outbox_oldest_at: null,
    });

    // The same report again within 30 s is not written (idle terminals pull every ~15 s) …
    chain.clock.advance(10_000);
    await ok(till.req('sync:pull', { cursor: boot.cursor, outbox: { depth: 0, oldestAt: null } }));
    expect((await terminalRow(chain, till.terminalId)).last_pull_at).toBe(t0 + 1_000);
    // … a changed depth is, at once …
    await ok(till.req('sync:pull', { cursor: boot.cursor, outbox: { depth: 4, oldestAt: t0 + 5_000 } }));
    expect(await terminalRow(chain, till.terminalId)).toMatchObject({
      last_pull_at: t0 + 11_000,
      outbox_depth: 4,
      outbox_oldest_at: t0 + 5_000,
    });
    // … and after 30 s the time moves on anyway.
    chain.clock.advance(30_000);
    await ok(till.req('sync:pull', { cursor: boot.cursor, outbox: { depth: 4, oldestAt: t0 + 5_000 } }));
    expect((await terminalRow(chain, till.terminalId)).last_pull_at).toBe(t0 + 41_000);
  });

  it('a terminal from before the outbox field pulls as before; its last report is kept', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    await ok(
      till.call('sync:push', {
        ops: [till.register({ cardNumber: legacyCard(2) })],
        outbox: { depth: 1, oldestAt: 5 },
      }),
    );
    const boot = await ok(till.req('sync:bootstrap', {}));
    const pulled = await ok(till.req('sync:pull', { cursor: boot.cursor }));
    expect(pulled.kind).toBe('changes');
    expect(await terminalRow(chain, till.terminalId)).toMatchObject({
      last_pull_at: chain.clock.now(),
      outbox_depth: 1,
      outbox_oldest_at: 5,
    });
    const listed = await ok(chain.admin('admin:listTerminals', {}));
    expect(listed[0]).toMatchObject({ lastPushAt: chain.clock.now(), lastPullAt: chain.clock.now(), outboxDepth: 1 });
  });

  it('a fresh download (a terminal’s first sync) reports the outbox too', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    await ok(
      till.call('sync:push', {
        ops: [till.register({ cardNumber: legacyCard(3) })],
        outbox: { depth: 1, oldestAt: chain.clock.now() },
      }),
    );
    await ok(till.req('sync:bootstrap', { outbox: { depth: 0, oldestAt: null } }));
    expect(await terminalRow(chain, till.terminalId)).toMatchObject({
      last_pull_at: chain.clock.now(),
      outbox_depth: 0,
      outbox_oldest_at: null,
    });
  });

  it('refuses a malformed outbox report on pull', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    for (const outbox of [{ depth: -1, oldestAt: null }, { depth: 1 }, { depth: 1, oldestAt: null, extra: 1 }, 'x']) {
      const r = await till.req('sync:pull', { cursor: 'c', outbox: outbox as never });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect((await terminalRow(chain, till.terminalId)).last_pull_at).toBeNull();
  });
});

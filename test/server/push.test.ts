import { describe, expect, it } from 'vitest';
import type { PushOp } from '../../src/shared/sync';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { legacyCard, newEntityId, newOpId, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

async function balanceOf(chain: TestChain, memberId: string) {
  const r = await chain.pool.query('SELECT balance FROM balances WHERE member_id = $1', [memberId]);
  return r.rows[0]?.balance as number | undefined;
}

async function expectJournalConsistent(chain: TestChain) {
  const check = await ok(chain.admin('admin:checkJournal', {}));
  expect(check.mismatches).toEqual([]);
  expect(check.ok).toBe(true);
}

describe('push', () => {
  it('records each op once: the same batch pushed again returns the first outcomes and writes nothing', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(1) });
    const memberId = reg.payload.memberId;
    const batch = [reg, till.award({ memberId }, 'R-1', 120), till.ledger({ memberId }, -20)];
    const first = await till.pushOk(batch);
    expect(first.ackedThrough).toBe(3);
    expect(first.resendFrom).toBeNull();
    expect(first.outcomes.map((o) => [o.status, o.replay])).toEqual([
      ['applied', false],
      ['applied', false],
      ['applied', false],
    ]);
    expect(first.outcomes[2].balance).toBe(100);

    const again = await till.pushOk(batch);
    expect(again.outcomes.map((o) => ({ ...o, replay: false }))).toEqual(first.outcomes);
    expect(again.outcomes.every((o) => o.replay)).toBe(true);
    expect((await chain.pool.query('SELECT count(*) AS n FROM journal')).rows[0].n).toBe(2);
    expect(await balanceOf(chain, memberId)).toBe(100);

    // A retry racing its original (lost reply, the terminal pushes again at once).
    const next = [till.award({ memberId }, 'R-2', 50), till.award({ memberId }, 'R-3', 25)];
    const [a, b] = await Promise.all([till.pushOk(next), till.pushOk(next)]);
    expect(a.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(b.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect([a, b].filter((r) => r.outcomes[0].replay)).toHaveLength(1);
    expect(await balanceOf(chain, memberId)).toBe(175);
    await expectJournalConsistent(chain);
  });

  it('the same op id with a different payload is a recorded conflict, and the queue moves on', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(2) });
    const memberId = reg.payload.memberId;
    const award = till.award({ memberId }, 'R-1', 10);
    await till.pushOk([reg, award]);

    const reused = till.award({ memberId }, 'R-2', 999, 500);
    reused.opId = award.opId;
    const after = till.award({ memberId }, 'R-3', 5);
    const res = await till.pushOk([reused, after]);
    expect(res.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['conflict', 'opIdReused'],
      ['applied', null],
    ]);
    expect(res.ackedThrough).toBe(4);
    expect(await balanceOf(chain, memberId)).toBe(15);
    const conflicts = await chain.pool.query('SELECT seq, reason FROM sync_conflicts');
    expect(conflicts.rows).toEqual([{ seq: 3, reason: 'opIdReused' }]);
    // Its replay says the same.
    const replay = await till.pushOk([reused]);
    expect(replay.outcomes[0]).toMatchObject({ status: 'conflict', reason: 'opIdReused', replay: true });

    // The same op resent under a new seq (an outbox bug) is its first outcome, not a second award.
    const resent = { ...after, seq: ++till.seq };
    const r2 = await till.pushOk([resent]);
    expect(r2.outcomes[0]).toMatchObject({ status: 'applied', replay: true, seq: 5 });
    expect(await balanceOf(chain, memberId)).toBe(15);
    await expectJournalConsistent(chain);
  });

  it('a gap in sequence numbers asks for a resend from the first missing one', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(3) });
    const m = { memberId: reg.payload.memberId };
    const ops = [
      reg,
      till.award(m, 'R-1', 1),
      till.award(m, 'R-2', 2),
      till.award(m, 'R-3', 3),
      till.award(m, 'R-4', 4),
    ];
    const lost = await till.pushOk([ops[0], ops[1], ops[3], ops[4]]);
    expect(lost.ackedThrough).toBe(2);
    expect(lost.resendFrom).toBe(3);
    expect(lost.outcomes).toHaveLength(2);
    expect(await balanceOf(chain, m.memberId)).toBe(1);
    const resent = await till.pushOk(ops.slice(2));
    expect(resent).toMatchObject({ ackedThrough: 5, resendFrom: null });
    expect(await balanceOf(chain, m.memberId)).toBe(10);

    // Out-of-order within a batch is the client's bug: VALIDATION, nothing recorded.
    const bad = await till.push([till.award(m, 'R-5', 1), { ...till.award(m, 'R-6', 1), seq: 1 }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('receipt numbers are unique per store, normalised; a rejection is recorded and never blocks the queue', async () => {
    const chain = await startChain(pg);
    const storeA = await chain.createStore('A');
    const storeB = await chain.createStore('B');
    const a1 = await chain.enrol(storeA);
    const a2 = await chain.enrol(storeA);
    const b1 = await chain.enrol(storeB);
    const reg = a1.register({ cardNumber: legacyCard(4) });
    const m = { memberId: reg.payload.memberId };
    await a1.pushOk([reg, a1.award(m, 'R-1001', 100)]);

    const dupe = a2.award(m, ' ｒ‐1001 ', 100);
    const next = a2.award(m, 'R-1002', 7);
    const res = await a2.pushOk([dupe, next]);
    expect(res.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['rejected', 'duplicateReceipt'],
      ['applied', null],
    ]);
    expect(res.ackedThrough).toBe(2);
    // Another store may use the same receipt number.
    expect((await b1.pushOk([b1.award(m, 'R-1001', 3)])).outcomes[0].status).toBe('applied');
    expect(await balanceOf(chain, m.memberId)).toBe(110);

    const recorded = await chain.pool.query("SELECT seq, reason FROM sync_ops WHERE status = 'rejected'");
    expect(recorded.rows).toEqual([{ seq: 1, reason: 'duplicateReceipt' }]);
    const terminals = await ok(chain.admin('admin:listTerminals', { storeId: storeA }));
    expect(terminals.find((t) => t.id === a2.terminalId)).toMatchObject({
      ackedThrough: 2,
      rejected: 1,
      outboxDepth: null,
    });
    // A terminal reports its outbox with a push: head office shows queue depth and lag.
    await ok(a2.call('sync:push', { ops: [a2.award(m, 'R-1003', 1)], outbox: { depth: 37, oldestAt: 1_000 } }));
    const after = await ok(chain.admin('admin:listTerminals', { storeId: storeA }));
    expect(after.find((t) => t.id === a2.terminalId)).toMatchObject({
      ackedThrough: 3,
      outboxDepth: 37,
      outboxOldestAt: 1_000,
    });
    await expectJournalConsistent(chain);
  });

  it('an award for a card head office does not know yet is parked, then applied when the registration arrives', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const x = await chain.enrol(store, 'X');
    const y = await chain.enrol(store, 'Y');
    const card = legacyCard(5);
    const parked = await y.pushOk([y.award({ cardNumber: card }, 'R-77', 40), y.ledger({ cardNumber: card }, 5)]);
    expect(parked.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['parked', 'cardUnknown'],
      ['parked', 'cardUnknown'],
    ]);
    expect(parked.ackedThrough).toBe(2);
    // The receipt is already claimed by the parked award.
    const dupe = await x.pushOk([x.award({ cardNumber: card }, 'R-77', 40)]);
    expect(dupe.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'duplicateReceipt' });

    const reg = x.register({ cardNumber: card });
    const res = await x.pushOk([reg]);
    expect(res.outcomes[0].status).toBe('applied');
    expect(await balanceOf(chain, reg.payload.memberId)).toBe(45);
    const ops = await chain.pool.query(
      'SELECT status, count(*) AS n FROM sync_ops WHERE terminal_id = $1 GROUP BY status',
      [y.terminalId],
    );
    expect(ops.rows).toEqual([{ status: 'applied', n: 2 }]);
    const entries = await chain.pool.query('SELECT terminal_id, store_id, op_id FROM journal ORDER BY seq');
    expect(entries.rows.map((e) => e.terminal_id)).toEqual([y.terminalId, y.terminalId]);
    expect(entries.rows.every((e) => e.store_id === store)).toBe(true);
    await expectJournalConsistent(chain);
  });

  it('refuses registrations that cannot be true: a taken card, a chain card not issued to this terminal', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const x = await chain.enrol(store, 'X');
    const y = await chain.enrol(store, 'Y');
    const block = await ok(x.req('cards:block', { opId: newOpId(), size: 10 }));
    expect(block.first).toMatch(/^28/);
    const res = await y.pushOk([
      y.register({ cardNumber: block.first }),
      y.register({ cardNumber: legacyCard(6) }),
      y.register({ cardNumber: legacyCard(6) }),
    ]);
    expect(res.outcomes.map((o) => o.reason)).toEqual(['cardNotYours', null, 'cardTaken']);
    const mine = await x.pushOk([x.register({ cardNumber: block.first, phone: '+8613812345678' })]);
    expect(mine.outcomes[0]).toMatchObject({ status: 'applied', reason: null });
    const twin = await y.pushOk([y.register({ cardNumber: legacyCard(7), phone: '+8613812345678' })]);
    expect(twin.outcomes[0]).toMatchObject({ status: 'applied', reason: 'possibleDuplicate' });
  });

  it('recomputes earn points with the shared earning code and reports a disagreement without refusing', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const till = await chain.enrol(store);
    const rules = {
      ...DEFAULT_RULES,
      tiers: [{ name: 'Gold', thresholdMinor: 0, multiplierPercent: 150 }],
    };
    const { version } = await ok(chain.admin('admin:saveRules', { storeId: null, effectiveFrom: 0, rules }));
    const reg = till.register({ cardNumber: legacyCard(8) });
    const m = { memberId: reg.payload.memberId };
    const good = till.award(m, 'R-1', 157, 10_500);
    good.payload.headOfficeRuleVersion = version;
    good.payload.tierName = 'Gold';
    const wrong = till.award(m, 'R-2', 200, 10_500);
    wrong.payload.headOfficeRuleVersion = version;
    wrong.payload.tierName = 'Gold';
    const res = await till.pushOk([reg, good, wrong]);
    expect(res.outcomes[1]).toMatchObject({ status: 'applied', reason: null });
    expect(res.outcomes[2]).toMatchObject({ status: 'applied', reason: 'earnMismatch' });
    expect(res.outcomes[2].message).toContain('gives 157');
    expect(await balanceOf(chain, m.memberId)).toBe(357);
  });

  it('keeps the journal append-only and every cached balance equal to its sum (SQL check function)', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const members = Array.from({ length: 5 }, (_, i) => till.register({ cardNumber: legacyCard(100 + i) }));
    const ops: PushOp[] = [...members];
    for (let i = 0; i < 40; i++) {
      const m = { memberId: members[i % 5].payload.memberId };
      ops.push(i % 3 === 0 ? till.ledger(m, -(i + 1)) : till.award(m, `R-${i}`, i * 7 + 1));
    }
    await till.pushOk(ops);
    expect((await chain.pool.query('SELECT * FROM journal_check()')).rows).toEqual([]);
    await expectJournalConsistent(chain);

    await expect(chain.pool.query('UPDATE journal SET points = points + 1')).rejects.toThrow(/append-only/);
    await expect(chain.pool.query('DELETE FROM journal')).rejects.toThrow(/append-only/);
    await expect(chain.pool.query('TRUNCATE journal CASCADE')).rejects.toThrow(/append-only/);
    // A balance moved behind the journal's back is found.
    await chain.pool.query('UPDATE balances SET balance = balance + 1 WHERE member_id = $1', [
      members[0].payload.memberId,
    ]);
    const check = await ok(chain.admin('admin:checkJournal', {}));
    expect(check.ok).toBe(false);
    expect(check.mismatches).toHaveLength(1);
    expect(check.mismatches[0]).toMatchObject({ memberId: members[0].payload.memberId });
    expect(check.mismatches[0].cached - check.mismatches[0].journal).toBe(1);
  });

  it('validates every op at the edge: bad input is VALIDATION and records nothing', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(9) });
    const bads: unknown[] = [
      [],
      [{ ...reg, extra: 1 }],
      [{ ...reg, kind: 'points.teleport' }],
      [{ ...reg, seq: 0 }],
      [{ ...reg, payload: { ...reg.payload, cardNumber: '2900000000000' } }],
      [{ ...till.award({ memberId: newEntityId() }, 'R', 1), seq: 1 }].map((o) => ({
        ...o,
        payload: { ...o.payload, entries: [{ entryId: newEntityId(), kind: 'earn', points: 0.5 }] },
      })),
      [{ ...till.ledger({ memberId: newEntityId() }, 1), seq: 1 }].map((o) => ({
        ...o,
        payload: { ...o.payload, reason: 'x'.repeat(100_000) },
      })),
      Array.from({ length: 501 }, (_, i) => ({ ...reg, seq: i + 1 })),
      // A credit's expiry parts (migration 015): on a debit, above its points, not whole
      // positive points, a date that is not a number, unknown fields, too many.
      ...[
        { points: -5, lots: [{ points: 5, expiresAt: 1 }] },
        { points: 5, lots: [{ points: 6, expiresAt: 1 }] },
        { points: 5, lots: [{ points: 2.5, expiresAt: 1 }] },
        { points: 5, lots: [{ points: 0, expiresAt: 1 }] },
        { points: 5, lots: [{ points: -1, expiresAt: 1 }] },
        { points: 5, lots: [{ points: Number.NaN, expiresAt: 1 }] },
        { points: 5, lots: [{ points: 5, expiresAt: '2027-01-01' }] },
        { points: 5, lots: [{ points: 5, expiresAt: '1; DROP TABLE point_lots; --' }] },
        { points: 5, lots: [{ points: 5, expiresAt: 1, remaining: 5 }] },
        { points: 5, lots: [] },
        { points: 200, lots: Array.from({ length: 101 }, () => ({ points: 1, expiresAt: 1 })) },
      ].map(({ points, lots }) => [
        {
          ...till.award({ memberId: newEntityId() }, 'R', 1),
          seq: 1,
          payload: {
            ...till.award({ memberId: newEntityId() }, 'R', 1).payload,
            entries: [{ entryId: newEntityId(), kind: points > 0 ? 'earn' : 'pay', points, lots }],
          },
        },
      ]),
    ];
    for (const ops of bads) {
      const r = await till.call('sync:push', { ops } as never);
      expect(r, JSON.stringify(ops).slice(0, 200)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect((await chain.pool.query('SELECT count(*) AS n FROM sync_ops')).rows[0].n).toBe(0);
    expect((await chain.pool.query('SELECT next_seq FROM terminals')).rows[0].next_seq).toBe(1);
  });
});

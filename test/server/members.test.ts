import { describe, expect, it } from 'vitest';
import { isCardNumber } from '../../src/shared/contract/members';
import { cardInBlock } from '../../src/shared/sync';
import { legacyCard, newOpId, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();
const MANAGER = { id: '01900000-0000-7000-8000-0000000000aa', name: 'Manny', role: 'manager' as const };

async function balance(chain: TestChain, memberId: string) {
  return (await chain.pool.query('SELECT balance FROM balances WHERE member_id = $1', [memberId])).rows[0].balance;
}

describe('members across stores', () => {
  it('finds a member chain-wide by card, phone or id, with the head office balance', async () => {
    const chain = await startChain(pg);
    const a = await chain.enrol(await chain.createStore('A'));
    const b = await chain.enrol(await chain.createStore('B'));
    const reg = a.register({ cardNumber: legacyCard(1), phone: '+8613800000001', name: 'Zhang Wei' });
    await a.pushOk([reg, a.award({ memberId: reg.payload.memberId }, 'R-1', 70)]);
    for (const q of [{ cardNumber: legacyCard(1) }, { phone: '+8613800000001' }, { memberId: reg.payload.memberId }]) {
      const found = await ok(b.req('members:lookup', q));
      expect(found.matches).toHaveLength(1);
      expect(found.matches[0]).toMatchObject({
        member: { name: 'Zhang Wei', cardNumber: legacyCard(1) },
        balance: { balance: 70, held: 0 },
        resolvedFrom: null,
      });
    }
    expect((await ok(b.req('members:lookup', { cardNumber: legacyCard(2) }))).matches).toEqual([]);
    expect(await b.req('members:lookup', { cardNumber: '1234' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('updates are last-writer-wins per field by operation time, whatever order stores push in', async () => {
    const chain = await startChain(pg);
    const a = await chain.enrol(await chain.createStore('A'));
    const b = await chain.enrol(await chain.createStore('B'));
    const reg = a.register({ cardNumber: legacyCard(3), name: 'Old Name', email: 'old@example.com' });
    const memberId = reg.payload.memberId;
    await a.pushOk([reg]);
    chain.clock.advance(1000);
    const early = a.op('member.update', { memberId, changes: { name: 'Early Name', email: 'early@example.com' } });
    chain.clock.advance(1000);
    const late = b.op('member.update', { memberId, changes: { name: 'Late Name' } });
    // The later edit arrives first.
    await b.pushOk([late]);
    const res = await a.pushOk([early]);
    expect(res.outcomes[0].status).toBe('applied');
    const m = (await ok(a.req('members:lookup', { memberId }))).matches[0].member;
    expect(m).toMatchObject({ name: 'Late Name', email: 'early@example.com' });
  });

  it('an erasure removes personal data from the member, its recorded ops and every pulled version', async () => {
    const chain = await startChain(pg);
    const a = await chain.enrol(await chain.createStore());
    const reg = a.register({ cardNumber: legacyCard(4), name: 'Secret Person', phone: '+8613800000004' });
    const memberId = reg.payload.memberId;
    await a.pushOk([reg, a.op('member.update', { memberId, changes: { name: 'Secret Again' } })]);
    await a.pushOk([a.op('member.erase', { memberId })]);
    const late = await a.pushOk([a.op('member.update', { memberId, changes: { name: 'Secret Late' } })]);
    expect(late.outcomes[0]).toMatchObject({ status: 'applied', reason: 'memberErased' });
    const everything = await chain.pool.query(
      `SELECT (SELECT json_agg(m) FROM members m)::text || (SELECT json_agg(o) FROM sync_ops o)::text ||
              (SELECT json_agg(c) FROM sync_changes c)::text AS all`,
    );
    expect(everything.rows[0].all).not.toMatch(/Secret|8613800000004/);
    const m = (await ok(a.req('members:lookup', { memberId }))).matches[0].member;
    expect(m).toMatchObject({ erased: true, name: null, phone: null });
  });

  it('a manager merges a duplicate: a merge record, both ids kept in the journal, the balance moved by new entries', async () => {
    const chain = await startChain(pg);
    const storeA = await chain.createStore('A');
    const a = await chain.enrol(storeA);
    const b = await chain.enrol(await chain.createStore('B'));
    const first = a.register({ cardNumber: legacyCard(5), phone: '+8613800000005' });
    const dupe = b.register({ cardNumber: legacyCard(6), phone: '+8613800000005' });
    const keep = first.payload.memberId;
    const gone = dupe.payload.memberId;
    await a.pushOk([first, a.award({ memberId: keep }, 'R-1', 100)]);
    await b.pushOk([dupe, b.award({ memberId: gone }, 'R-1', 40)]);
    expect((await ok(a.req('members:lookup', { phone: '+8613800000005' }))).matches).toHaveLength(2);
    const journalBefore = (await chain.pool.query('SELECT * FROM journal ORDER BY seq')).rows;

    const cashier = { ...MANAGER, role: 'cashier' as const };
    const input = { opId: newOpId(), survivorId: keep, mergedId: gone, reason: 'same person, two stores' };
    expect(await a.req('members:merge', { ...input, staff: cashier })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const merged = await ok(a.req('members:merge', { ...input, staff: MANAGER }));
    expect(merged).toMatchObject({ movedPoints: 40, balance: { balance: 140 }, replay: false });
    expect(await ok(a.req('members:merge', { ...input, staff: MANAGER }))).toMatchObject({ replay: true });
    expect(await a.req('members:merge', { ...input, opId: newOpId(), staff: MANAGER })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'alreadyMerged' } },
    });

    // History is not rewritten: the old entries are still there, unchanged, plus two new ones.
    const journalAfter = (await chain.pool.query('SELECT * FROM journal ORDER BY seq')).rows;
    expect(journalAfter.slice(0, journalBefore.length)).toEqual(journalBefore);
    expect(journalAfter.slice(journalBefore.length).map((e) => [e.member_id, e.kind, e.points])).toEqual([
      [gone, 'merge_out', -40],
      [keep, 'merge_in', 40],
    ]);
    expect(await balance(chain, gone)).toBe(0);
    const rec = await chain.pool.query('SELECT merged_id, survivor_id, moved_points, by_terminal FROM member_merges');
    expect(rec.rows).toEqual([{ merged_id: gone, survivor_id: keep, moved_points: 40, by_terminal: a.terminalId }]);

    // A terminal still offline awards on the merged card: the points land on it, then move on.
    const late = await b.pushOk([b.award({ cardNumber: legacyCard(6) }, 'R-2', 25)]);
    expect(late.outcomes[0]).toMatchObject({ status: 'applied', balance: 165 });
    expect(await balance(chain, gone)).toBe(0);
    expect(await balance(chain, keep)).toBe(165);
    const viaCard = await ok(b.req('members:lookup', { cardNumber: legacyCard(6) }));
    expect(viaCard.matches[0]).toMatchObject({ member: { id: keep }, resolvedFrom: gone });
    // The admin can merge too, without a staff claim; into itself never.
    expect(await chain.admin('members:merge', { ...input, opId: newOpId(), mergedId: keep })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { reason: 'sameMember' } },
    });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });

  it('issues card number blocks that never overlap, with valid check digits, once per op id', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore();
    const tills = await Promise.all(Array.from({ length: 4 }, () => chain.enrol(store)));
    const blocks = await Promise.all(
      Array.from({ length: 24 }, (_, i) => ok(tills[i % 4].req('cards:block', { opId: newOpId(), size: 100 + i }))),
    );
    const ranges = blocks.map((b) => [b.firstBody, b.firstBody + b.size] as const).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
    for (const b of blocks) {
      expect(isCardNumber(b.first) && isCardNumber(b.last)).toBe(true);
      expect(cardInBlock(b, b.size - 1)).toBe(b.last);
    }
    const opId = newOpId();
    const one = await ok(tills[0].req('cards:block', { opId }));
    expect(await ok(tills[0].req('cards:block', { opId }))).toEqual(one);
    expect(await tills[1].req('cards:block', { opId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

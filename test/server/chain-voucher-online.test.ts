import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startChain, usePgCluster, type TestChain } from './helpers';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * A voucher used at the counter while online is claimed at head office first
 * (`vouchers:claim`, sync/voucher-claim.ts): real terminal cores on their own SQLite
 * files, the real head office on PostgreSQL.
 */
const pg = usePgCluster();

const RULES: RuleSet = {
  ...DEFAULT_RULES,
  goals: [
    {
      key: 'coffee',
      name: 'Coffee card',
      measure: 'visits',
      target: 2,
      reward: { name: '¥5 off', kind: 'amountOff', valueMinor: 500 },
    },
  ],
};

async function till(chain: TestChain, storeId: string, name: string) {
  const t = await enrolledCore(chain, storeId, name, RULES);
  const use = (memberId: string, voucherId: string, receiptNo: string, opId = randomUUID()) =>
    t.core.call('points:useVoucher', { opId, memberId, voucherId, receiptNo }, t.tokens.cashier);
  return { ...t, use };
}

type Till = Awaited<ReturnType<typeof till>>;
const notDone = (t: Till) =>
  t.core.db.prepare("SELECT kind, state, reason FROM sync_outbox WHERE kind = 'voucher.use' AND state <> 'done'").all();
const voucherUses = (t: Till) =>
  t.core.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE kind = 'voucher.use'").pluck().get();

describe('online voucher use across the chain', () => {
  it('the second store holding the voucher unused is refused by head office while online, naming where; nothing is recorded there', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const south = await chain.createStore('South');
    const b = await till(chain, south, 'B1');
    const c = await till(chain, await chain.createStore('East'), 'C1');
    const m = await a.core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, a.tokens.cashier);
    await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'A-1', totalMinor: 1_000 },
      a.tokens.cashier,
    );
    const second = await a.core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'A-2', totalMinor: 1_000 },
      a.tokens.cashier,
    );
    const voucherId = second.goals![0].vouchers[0].id;
    await a.sync();
    await b.sync();
    await c.sync();

    // B uses it online: head office claims it under B's op id; B's push is the same use.
    const opId = randomUUID();
    const atB = await b.use(m.id, voucherId, 'B-1', opId);
    expect(atB.ok).toBe(true);
    const claimed = await chain.pool.query('SELECT used_op_id, used_terminal_id FROM vouchers WHERE id = $1', [
      voucherId,
    ]);
    expect(claimed.rows).toEqual([{ used_op_id: opId, used_terminal_id: b.core.terminalId }]);
    // A retry of the same request is the same answer (the core's log; head office's replay).
    expect((await b.use(m.id, voucherId, 'B-1', opId)).ok).toBe(true);
    await b.sync();
    expect(notDone(b)).toEqual([]);

    // C has not pulled the use (still shows it available) but is online: head office refuses.
    const before = await c.core.ok('points:memberGoals', { memberId: m.id }, c.tokens.cashier);
    expect(before.vouchers).toEqual([expect.objectContaining({ id: voucherId, status: 'available' })]);
    const atC = await c.use(m.id, voucherId, 'C-1');
    expect(atC).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'voucherUsedInChain', usedStore: 'South', headOffice: true } },
    });
    // The time goes as data (epoch ms; the renderer writes it in the reader's language), the
    // message in ISO UTC: nothing formatted in this terminal's zone.
    const usedAt = !atC.ok ? atC.error.details?.usedAt : undefined;
    expect(usedAt).toEqual(expect.any(Number));
    expect(!atC.ok && atC.error.details).not.toHaveProperty('usedOn');
    expect(!atC.ok && atC.error.message).toBe(
      `This voucher was already used at South on ${new Date(usedAt as number).toISOString()}`,
    );
    const after = await c.core.ok('points:memberGoals', { memberId: m.id }, c.tokens.cashier);
    expect(after.vouchers).toEqual([expect.objectContaining({ id: voucherId, status: 'available' })]);
    expect(voucherUses(c)).toBe(0);

    // A offline has not heard either: recorded locally (the bound), refused at push as before.
    a.net.down = true;
    expect((await a.use(m.id, voucherId, 'A-3')).ok).toBe(true);
    a.net.down = false;
    await a.sync();
    expect(notDone(a)).toEqual([{ kind: 'voucher.use', state: 'rejected', reason: 'voucherUsed' }]);
  });
  it('a voucher on a bill: the claim and the pushed use share a derived op id; the second store’s bill is refused', async () => {
    const chain = await startChain(pg);
    const a = await till(chain, await chain.createStore('North'), 'A1');
    const b = await till(chain, await chain.createStore('South'), 'B1');
    const m = await a.core.ok('members:register', { name: 'Li Lei', email: 'l@example.com' }, a.tokens.cashier);
    const award = (t: Till, receiptNo: string, voucherId?: string) =>
      t.core.call(
        'points:award',
        { opId: randomUUID(), memberId: m.id, receiptNo, totalMinor: 1_000, ...(voucherId ? { voucherId } : {}) },
        t.tokens.cashier,
      );
    await award(a, 'A-1');
    const second = await award(a, 'A-2');
    const voucherId = second.ok ? second.value.goals![0].vouchers[0].id : '';
    await a.sync();
    await b.sync();
    const atA = await award(a, 'A-3', voucherId);
    expect(atA).toMatchObject({ ok: true, value: { paidMinor: 500 } });
    await a.sync();
    expect(notDone(a)).toEqual([]);
    const atB = await award(b, 'B-1', voucherId);
    expect(atB).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'voucherUsedInChain', usedStore: 'North' } },
    });
    expect(voucherUses(b)).toBe(0);
  });
});

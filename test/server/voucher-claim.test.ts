import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  legacyCard,
  newEntityId,
  newOpId,
  ok,
  startChain,
  usePgCluster,
  type TestChain,
  type TestTerminal,
} from './helpers';

/**
 * Online voucher use (`vouchers:claim`): head office marks a voucher used in one
 * statement, so terminals racing the same voucher get exactly one winner; a retry is
 * the same answer, and the pushed `voucher.use` op of the winner is the same use.
 */
const pg = usePgCluster();

async function memberWithVoucher(chain: TestChain, till: TestTerminal) {
  const reg = till.register({ cardNumber: legacyCard(1) });
  await till.pushOk([reg]);
  const voucherId = newEntityId();
  await chain.pool.query(
    `INSERT INTO vouchers (id, member_id, goal_key, target, name, kind, value_minor, purchase_id, issue_entry_id,
       available_from, issued_at, issued_op_id)
     VALUES ($1, $2, 'coffee', 2, '¥5 off', 'amountOff', 500, $3, $4, 0, 0, $5)`,
    [voucherId, reg.payload.memberId, randomUUID(), randomUUID(), randomUUID()],
  );
  return { memberId: reg.payload.memberId, voucherId };
}

describe('online voucher use', () => {
  it('terminals of two stores racing one voucher: exactly one wins, the others are refused naming where and when', async () => {
    const chain = await startChain(pg, { poolMax: 20 });
    const tills: TestTerminal[] = [];
    for (const name of ['North', 'South']) {
      const store = await chain.createStore(name);
      tills.push(await chain.enrol(store), await chain.enrol(store));
    }
    const { voucherId } = await memberWithVoucher(chain, tills[0]);
    const attempts = Array.from({ length: 12 }, (_, i) => ({
      till: tills[i % tills.length],
      input: { opId: newOpId(), voucherId, receiptNo: `R-${i}`, usedAt: 1_000 + i },
    }));
    const results = await Promise.all(attempts.map((a) => a.till.req('vouchers:claim', a.input)));
    const won = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(won).toHaveLength(1);
    const winner = attempts[won[0]];
    for (const r of results.filter((x) => !x.ok)) {
      expect(r).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          details: {
            reason: 'voucherUsed',
            usedAt: winner.input.usedAt,
            usedStore: winner.till.storeId === tills[0].storeId ? 'North' : 'South',
          },
        },
      });
    }
    const row = await chain.pool.query('SELECT used_op_id, used_terminal_id FROM vouchers WHERE id = $1', [voucherId]);
    expect(row.rows).toEqual([{ used_op_id: winner.input.opId, used_terminal_id: winner.till.terminalId }]);

    // A retry of the winner is its first answer; a loser's retry is still refused.
    expect(await ok(winner.till.req('vouchers:claim', winner.input))).toEqual({
      voucherId,
      usedAt: winner.input.usedAt,
      replay: true,
    });
    const loser = attempts[(won[0] + 1) % attempts.length];
    expect(await loser.till.req('vouchers:claim', loser.input)).toMatchObject({
      ok: false,
      error: { details: { reason: 'voucherUsed' } },
    });
  });

  it('the winner’s pushed voucher.use op (same op id) is the same use: applied, not rejected', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore('North'));
    const { memberId, voucherId } = await memberWithVoucher(chain, till);
    const opId = newOpId();
    await ok(till.req('vouchers:claim', { opId, voucherId, receiptNo: 'R-1', usedAt: 5_000 }));
    const op = till.op('voucher.use', { member: { memberId }, voucherId, receiptNo: 'R-1', usedAt: 5_000 }, { opId });
    const pushed = await till.pushOk([op]);
    expect(pushed.outcomes).toEqual([expect.objectContaining({ opId, status: 'applied' })]);
    // Another op id for the same voucher is the second use: rejected at push as before.
    const other = till.op('voucher.use', { member: { memberId }, voucherId, receiptNo: 'R-2', usedAt: 6_000 });
    const again = await till.pushOk([other]);
    expect(again.outcomes).toEqual([expect.objectContaining({ status: 'rejected', reason: 'voucherUsed' })]);
  });

  it('bad input is VALIDATION; unknown voucher NOT_FOUND; no credential UNAUTHENTICATED', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore('North'));
    const good = { opId: newOpId(), voucherId: newEntityId(), receiptNo: null, usedAt: 1 };
    for (const bad of [
      { ...good, opId: 'nope' },
      { ...good, voucherId: 42 },
      { ...good, receiptNo: 'x'.repeat(41) },
      { ...good, usedAt: -1 },
      { ...good, extra: true },
      { voucherId: good.voucherId },
    ]) {
      expect(await till.req('vouchers:claim', bad as never)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(await till.req('vouchers:claim', good)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'voucherUnknown' } },
    });
    const res = await fetch(`${chain.service.url}/v1/vouchers/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(good),
    });
    expect(res.status).toBe(401);
  });
});

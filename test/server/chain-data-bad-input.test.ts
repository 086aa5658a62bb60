import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { legacyCard, newEntityId, startChain, usePgCluster, type TestChain } from './helpers';

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

const SQL = "1'; DROP TABLE vouchers; --";
const LONG = 'x'.repeat(100_000);

describe('the chain data ops (goals, vouchers, referrals, bill rewards, audit forks) refuse bad input', () => {
  it('with a typed error, writing nothing', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(1) });
    await till.pushOk([reg]);
    const member = { memberId: reg.payload.memberId };
    const before = await snapshotCounts(chain);

    const entry = {
      entryId: randomUUID(),
      goalKey: 'coffee',
      kind: 'progress',
      amount: 1,
      refId: null,
      voucherId: null,
    };
    const issued = {
      voucherId: newEntityId(),
      goalKey: 'coffee',
      target: 2,
      name: 'Free',
      kind: 'amountOff',
      valueMinor: 500,
      sku: null,
      purchaseId: newEntityId(),
      issueEntryId: randomUUID(),
      availableFrom: 1,
      expiresAt: null,
      issuedAt: 1,
    };
    const goals = (p: Record<string, unknown>) => ({ member, entries: [entry], issued: [], withdrawn: [], ...p });
    const use = (p: Record<string, unknown>) => ({
      member,
      voucherId: newEntityId(),
      receiptNo: null,
      usedAt: 1,
      ...p,
    });
    const award = till.award(member, 'R-1', 5).payload;
    const refundOp = (r: Record<string, unknown>) => ({
      member,
      reason: null,
      refId: null,
      holdId: null,
      onlineRedemptionId: null,
      entries: [],
      refund: { refundId: newEntityId(), purchaseId: award.purchaseId, amountMinor: 100, ...r },
    });
    const redeemOp = {
      member,
      reason: null,
      refId: null,
      holdId: null,
      onlineRedemptionId: null,
      entries: [{ entryId: randomUUID(), kind: 'redeem', points: -5 }],
    };
    const record = {
      seq: 1,
      id: randomUUID(),
      at: 1,
      terminalId: till.terminalId,
      actorId: null,
      actorName: null,
      action: 'x',
      target: null,
      details: '{}',
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    };
    const cases: [string, unknown][] = [
      ['goals.move', goals({ entries: [] })],
      ['goals.move', goals({ entries: [{ ...entry, amount: 0 }] })],
      ['goals.move', goals({ entries: [{ ...entry, amount: Number.NaN }] })],
      ['goals.move', goals({ entries: [{ ...entry, amount: 1e12 }] })],
      ['goals.move', goals({ entries: [{ ...entry, goalKey: SQL }] })],
      ['goals.move', goals({ entries: [{ ...entry, kind: 'steal' }] })],
      ['goals.move', goals({ entries: Array(251).fill(entry) })],
      ['goals.move', goals({ issued: [{ ...issued, voucherId: SQL }] })],
      ['goals.move', goals({ issued: [{ ...issued, target: -1 }] })],
      ['goals.move', goals({ issued: [{ ...issued, name: LONG }] })],
      ['goals.move', goals({ issued: [{ ...issued, valueMinor: -500 }] })],
      ['goals.move', goals({ issued: [{ ...issued, extra: 1 }] })],
      ['goals.move', goals({ withdrawn: [{ voucherId: 'v', entryId: randomUUID() }] })],
      ['goals.move', goals({ storeId: newEntityId() })],
      ['voucher.use', use({ voucherId: SQL })],
      ['voucher.use', use({ usedAt: -1 })],
      ['voucher.use', use({ receiptNo: LONG })],
      ['voucher.use', use({ member: { cardNumber: SQL } })],
      ['member.referral', { memberId: member.memberId, referrerId: 'someone' }],
      ['member.referral', { memberId: member.memberId, referrerId: newEntityId(), note: 'x' }],
      ['points.award', { ...award, billReward: { discountMinor: -1, redemptionId: null, voucherId: null } }],
      ['points.award', { ...award, billReward: { discountMinor: Number.NaN, redemptionId: null, voucherId: null } }],
      ['points.award', { ...award, billReward: { discountMinor: 1, redemptionId: SQL, voucherId: null } }],
      ['points.award', { ...award, billReward: { discountMinor: 1 } }],
      ['points.award', { ...award, lines: [{ ...award.lines[0], rewardDiscountMinor: -5 }] }],
      // A refund's money (chain-wide tiers): a real amount of a named purchase, or no op without entries.
      ['points.ledger', refundOp({ amountMinor: 0 })],
      ['points.ledger', refundOp({ amountMinor: -100 })],
      ['points.ledger', refundOp({ amountMinor: Number.NaN })],
      ['points.ledger', refundOp({ amountMinor: 1e12 })],
      ['points.ledger', refundOp({ amountMinor: '100' })],
      ['points.ledger', refundOp({ refundId: SQL })],
      ['points.ledger', refundOp({ purchaseId: 'p' })],
      ['points.ledger', refundOp({ purchaseId: undefined })],
      ['points.ledger', refundOp({ extra: 1 })],
      ['points.ledger', { ...refundOp({}), refund: undefined }],
      ['points.award', { ...award, entries: [{ entryId: randomUUID(), kind: 'redeem', points: -5 }] }],
      // Which redemption and reward an entry was (the head office report): only on a redemption's entries.
      ...[
        { id: SQL, rewardId: null, rewardName: 'Coffee' },
        { id: newEntityId(), rewardId: 'w1', rewardName: 'Coffee' },
        { id: newEntityId(), rewardId: null, rewardName: '' },
        { id: newEntityId(), rewardId: null, rewardName: LONG },
        { id: newEntityId(), rewardId: null, rewardName: 'Cof\u0000fee' },
        { id: newEntityId(), rewardId: null, rewardName: 'Coffee', extra: 1 },
        { id: newEntityId(), rewardId: null, rewardName: 7 },
      ].map((redemption): [string, unknown] => [
        'points.ledger',
        { ...redeemOp, entries: [{ ...redeemOp.entries[0], redemption }] },
      ]),
      [
        'points.ledger',
        {
          ...redeemOp,
          entries: [
            {
              entryId: randomUUID(),
              kind: 'adjust',
              points: 5,
              redemption: { id: newEntityId(), rewardId: null, rewardName: 'Coffee' },
            },
          ],
        },
      ],
      [
        'audit.append',
        { scheme: 'hmac-sha256-chain-v1', records: [record], restoredFrom: { seq: -1, hash: '0'.repeat(64) } },
      ],
      ['audit.append', { scheme: 'hmac-sha256-chain-v1', records: [record], restoredFrom: { seq: 0, hash: SQL } }],
      ['audit.append', { scheme: 'hmac-sha256-chain-v1', records: [record], restoredFrom: { seq: 0 } }],
    ];
    for (const [kind, payload] of cases) {
      const op = { seq: 2, opId: randomUUID(), at: 1, staff: null, kind, payload };
      const r = await till.push([op as never]);
      expect(r.ok, `${kind} ${JSON.stringify(payload).slice(0, 120)}`).toBe(false);
      if (!r.ok) expect([kind, r.error.code]).toEqual([kind, 'VALIDATION']);
    }
    expect(await snapshotCounts(chain)).toEqual(before);
  });

  it('a reused voucher id is a recorded rejection, not a second voucher', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const reg = till.register({ cardNumber: legacyCard(2) });
    const member = { memberId: reg.payload.memberId };
    const voucherId = newEntityId();
    const move = () =>
      till.op('goals.move', {
        member,
        entries: [{ entryId: randomUUID(), goalKey: 'coffee', kind: 'issue', amount: -2, refId: null, voucherId }],
        issued: [
          {
            voucherId,
            goalKey: 'coffee',
            target: 2,
            name: 'Free',
            kind: 'amountOff',
            valueMinor: 500,
            sku: null,
            purchaseId: newEntityId(),
            issueEntryId: randomUUID(),
            availableFrom: 1,
            expiresAt: null,
            issuedAt: 1,
          },
        ],
        withdrawn: [],
      });
    const r = await till.pushOk([reg, move(), move()]);
    expect(r.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'voucherIdReused'],
    ]);
    expect((await chain.pool.query('SELECT count(*)::int AS n FROM vouchers')).rows[0].n).toBe(1);
    expect((await chain.pool.query('SELECT count(*)::int AS n FROM goal_journal')).rows[0].n).toBe(1);
  });
});

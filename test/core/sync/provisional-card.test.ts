import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, snapshotCounts, type TestCore } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';
import { applyChanges } from '../../../src/main/core/sync/pull';
import { withoutCapture } from '../../../src/main/core/sync/state';
import { readChainBalance } from '../../../src/main/core/sync/status';
import { chainCardNumber } from '../../../src/shared/sync/cards';
import type { MemberWire } from '../../../src/shared/sync';
import type { Result } from '../../../src/shared/errors';
import { newId } from '../../../src/main/core/ids';
import { DEFAULT_RULES } from '../../../src/main/core/points/default-rules';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { Goal } from '../../../src/shared/contract/points-goals-schema';
import { formatGoalFacts, type GoalFacts } from '../../../src/shared/explain/goal-facts';

/**
 * Issue 12: a card unknown here, recorded provisionally while head office could not be
 * asked. Real SQLite files; head office is played by applyChanges (what a pull writes).
 * The real head office round trip is test/server/chain-provisional-card.test.ts.
 */
function enrolledAsIf(core: TestCore) {
  core.db
    .prepare("UPDATE sync_state SET capture = 1, server_url = 'http://127.0.0.1:9', enrolled_at = 1 WHERE id = 1")
    .run();
}

const CARD = chainCardNumber(4242);

const TIERED: RuleSet = {
  ...DEFAULT_RULES,
  tiers: [
    { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
  ],
};

const STAMPS: Goal = {
  key: 'stamps',
  name: 'Coffee card',
  measure: 'visits',
  target: 2,
  reward: { name: '¥5 off', kind: 'amountOff', valueMinor: 500 },
};
const SPEND: Goal = {
  key: 'spend100',
  name: 'Spend ¥100',
  measure: 'spend',
  target: 10_000,
  reward: { name: '¥10 off', kind: 'amountOff', valueMinor: 1000 },
  pendingDays: 14,
};

function pulledMember(core: TestCore, over: Partial<MemberWire> = {}): MemberWire {
  const now = core.config.now();
  return {
    id: newId(),
    cardNumber: CARD,
    name: 'Zhang Wei',
    phone: '+8613800000042',
    email: null,
    birthday: null,
    marketingConsent: false,
    active: true,
    erased: false,
    mergedInto: null,
    homeStoreId: 'S2',
    version: 5,
    createdAt: now - 1000,
    updatedAt: now - 1000,
    ...over,
  };
}

function pull(core: TestCore, member: MemberWire, balance?: number) {
  const now = core.config.now();
  withoutCapture(core.db, () =>
    applyChanges(
      core.db,
      [
        { entity: 'member', data: member },
        ...(balance === undefined
          ? []
          : [
              {
                entity: 'balance' as const,
                data: { memberId: member.id, balance, held: 0, version: member.version, updatedAt: now },
              },
            ]),
      ],
      now,
      core.terminalId,
    ),
  );
}

const ledgerOf = (core: TestCore, memberId: string) =>
  core.db
    .prepare('SELECT kind, points, balance_after FROM points_ledger WHERE member_id = ? ORDER BY seq')
    .all(memberId) as { kind: string; points: number; balance_after: number }[];

const award = (core: TestCore, memberId: string, token: string, extra: Record<string, unknown> = {}) =>
  core.call(
    'points:award',
    { opId: randomUUID(), memberId, receiptNo: `R-${randomUUID().slice(0, 8)}`, totalMinor: 12_000, ...extra },
    token,
  );

describe('provisional card (chain mode, head office unreachable)', () => {
  it('standalone: recording a provisional card is refused, typed, nothing written', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const r = await core.call('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier);
    expectError(r, 'CONFLICT', { reason: 'provisionalNotInChain' });
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
    // The online lookup is refused as before: a single terminal has no head office.
    expectError(await core.call('sync:lookup', { cardNumber: CARD }, tokens.cashier), 'CONFLICT', {
      reason: 'syncNotEnrolled',
    });
  });

  it('head office unreachable: sync:lookup says the card may be recorded provisionally; an answer never does', async () => {
    const { core, tokens } = await makeStaffedCore({
      sync: {
        fetch: async () => {
          throw new Error('connect ECONNREFUSED (test network down)');
        },
        timeoutMs: 1_000,
        credentials: { description: 'test', read: () => 'terminal-credential', write: () => {} },
      },
    });
    enrolledAsIf(core);
    const r = await core.ok('sync:lookup', { cardNumber: CARD }, tokens.cashier);
    expect(r).toMatchObject({ memberIds: [], canRecordProvisional: true });
    expect(r.unavailable).toMatch(/ECONNREFUSED|reach/i);
    // A phone is never recorded provisionally.
    expect(await core.ok('sync:lookup', { phone: '13800000042' }, tokens.cashier)).toMatchObject({
      canRecordProvisional: false,
    });
    // A revoked terminal is not "unreachable": head office refused it.
    core.db.prepare('UPDATE sync_state SET revoked_at = 1 WHERE id = 1').run();
    expect(await core.ok('sync:lookup', { cardNumber: CARD }, tokens.cashier)).toMatchObject({
      canRecordProvisional: false,
    });
    expectError(
      await core.call('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier),
      'CONFLICT',
      { reason: 'provisionalNotInChain' },
    );
  });

  it('earns into the ledger, pushes keyed by card, refuses everything else; merged into the real member on pull, counted once', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const opId = randomUUID();
    const p = await core.ok('members:recordProvisional', { cardNumber: CARD, opId }, tokens.cashier);
    expect(p).toMatchObject({ cardNumber: CARD, provisional: true, name: null, active: true });
    // The same card again (or a retry) is the same provisional member; no registration is queued.
    expect((await core.ok('members:recordProvisional', { cardNumber: CARD, opId }, tokens.cashier)).id).toBe(p.id);
    expect(
      (await core.ok('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier)).id,
    ).toBe(p.id);
    expect(core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    // Scanning the card again opens it.
    expect((await core.ok('members:lookupCard', { cardNumber: CARD }, tokens.cashier)).id).toBe(p.id);

    const a = await award(core, p.id, tokens.cashier);
    expect(a.ok).toBe(true);
    const earned = ledgerOf(core, p.id)[0].points;
    expect(earned).toBe(120);
    const ops = core.db
      .prepare("SELECT kind, payload, member_id, points FROM sync_outbox WHERE kind <> 'audit.append' ORDER BY seq")
      .all() as { kind: string; payload: string; member_id: string; points: number }[];
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ kind: 'points.award', member_id: p.id, points: 120 });
    expect(JSON.parse(ops[0].payload).member).toEqual({ cardNumber: CARD });

    // Everything but earning is refused, typed, nothing changed.
    const before = snapshotCounts(core);
    const refusals: Result<unknown>[] = [
      await award(core, p.id, tokens.cashier, { pointsToUse: 10 }),
      await core.call('members:update', { memberId: p.id, name: 'Someone' }, tokens.cashier),
      await core.call('members:deactivate', { memberId: p.id }, tokens.cashier),
      await core.call('members:reactivate', { memberId: p.id }, tokens.cashier),
      await core.call('members:setPin', { memberId: p.id, pin: '1357' }, tokens.cashier),
      await core.call('members:changePin', { memberId: p.id, oldPin: '1357', newPin: '2468' }, tokens.cashier),
      await core.call(
        'members:resetPin',
        { memberId: p.id, name: 'X', phone: '13800000042', newPin: '2468' },
        tokens.cashier,
      ),
      await core.call('points:useVoucher', { opId: randomUUID(), memberId: p.id, voucherId: newId() }, tokens.cashier),
      await core.call('rewards:redeem', { opId: randomUUID(), memberId: p.id, rewardId: newId() }, tokens.cashier),
    ];
    for (const r of refusals) expectError(r, 'CONFLICT', { reason: 'provisionalMember' });
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);

    // No hold is asked of head office for it (it never spends).
    expect(await core.ok('sync:hold', { memberId: p.id }, tokens.cashier)).toEqual({
      outcome: 'off',
      remaining: 0,
      expiresAt: null,
    });
    // Before the push: the chain balance of the provisional member is its own op here.
    expect(readChainBalance(core.db, p.id)).toMatchObject({ headOffice: null, here: 120, total: 120 });

    // The real member arrives in a pull before this op was pushed: head office's balance
    // does not have the 120 yet, so "here" carries them — once.
    const real = pulledMember(core);
    pull(core, real, 300);
    expect(ledgerOf(core, p.id)).toEqual([
      { kind: 'earn', points: 120, balance_after: 120 },
      { kind: 'adjust', points: -120, balance_after: 0 },
    ]);
    expect(ledgerOf(core, real.id)).toEqual([{ kind: 'adjust', points: 120, balance_after: 120 }]);
    expect(readChainBalance(core.db, real.id)).toMatchObject({ headOffice: 300, here: 120, total: 420 });
    expect((await core.ok('members:lookupCard', { cardNumber: CARD }, tokens.cashier)).id).toBe(real.id);
    const merged = await core.ok('members:get', { memberId: p.id }, tokens.cashier);
    expect(merged).toMatchObject({ provisional: true, active: false });
    expect(core.db.prepare('SELECT merged_into FROM members_provisional WHERE member_id = ?').pluck().get(p.id)).toBe(
      real.id,
    );
    // The transfers are not sent (head office has the award keyed by the card): still one op.
    expect(core.db.prepare("SELECT count(*) FROM sync_outbox WHERE kind <> 'audit.append'").pluck().get()).toBe(1);

    // Once pushed and included in a pulled balance (pushed_through), "here" is empty: counted once.
    core.db.prepare("UPDATE sync_outbox SET state = 'done' WHERE kind = 'points.award'").run();
    const seq = core.db.prepare("SELECT seq FROM sync_outbox WHERE kind = 'points.award'").pluck().get() as number;
    core.db.prepare('UPDATE sync_state SET pushed_through = ? WHERE id = 1').run(seq);
    pull(core, { ...real, version: 6 }, 420);
    expect(readChainBalance(core.db, real.id)).toMatchObject({ headOffice: 420, here: 0, total: 420 });
    // Pulled again: nothing moves twice.
    expect(ledgerOf(core, real.id)).toHaveLength(1);

    // The ledger check and the start-up and daily checks still pass, also after a restart.
    const check = await core.ok('points:checkLedger', {}, tokens.manager);
    expect(check.ok).toBe(true);
    expect(core.runStartupChecks()).toEqual([]);
    expect(core.runDailyChecks()).toEqual([]);
    expect(core.reopen().startup.problems).toEqual([]);
  });

  it('a provisional card’s purchases count for the real member’s tier here once it is merged, once', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('points:saveRules', { rules: TIERED }, tokens.manager);
    enrolledAsIf(core);
    const p = await core.ok('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier);
    const spent = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: p.id, receiptNo: 'P-1', totalMinor: 80_000 },
      tokens.cashier,
    );
    const real = pulledMember(core);
    pull(core, real, 0);
    // Head office sends the same purchase back as the member's chain purchase: not counted twice.
    withoutCapture(core.db, () =>
      applyChanges(
        core.db,
        [
          {
            entity: 'purchase',
            data: {
              purchaseId: spent.purchaseId,
              memberId: real.id,
              terminalId: core.terminalId,
              at: core.clock.now(),
              paidMinor: 80_000,
              refundedMinor: 0,
              version: 1,
            },
          },
        ],
        core.clock.now(),
        core.terminalId,
      ),
    );
    // The ¥800 spent on the card is the member's spend here, once (not again as head office's copy).
    const summary = await core.ok('points:memberSummary', { memberId: real.id }, tokens.cashier);
    expect(summary).toMatchObject({ tier: { name: 'Silver' }, rollingSpendMinor: 80_000, chainSpendMinor: 0 });
    const next = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: real.id, receiptNo: 'R-2', totalMinor: 30_000 },
      tokens.cashier,
    );
    expect(next.tierName).toBe('Silver'); // the tier is measured before the purchase
    expect(await core.ok('points:memberSummary', { memberId: real.id }, tokens.cashier)).toMatchObject({
      tier: { name: 'Gold' },
      rollingSpendMinor: 110_000,
    });
  });

  it('a refund of a purchase made on the card before the merge is charged to the real member, once', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const p = await core.ok('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier);
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: p.id, receiptNo: 'P-9', totalMinor: 12_000 },
      tokens.cashier,
    );
    const real = pulledMember(core);
    pull(core, real, 0);
    const opId = randomUUID();
    const refund = await core.ok('points:refund', { opId, receiptNo: 'P-9' }, tokens.manager);
    expect(refund).toMatchObject({ pointsClawedBack: 120, shortfall: 0, balance: 0 });
    // Pressed twice: the same answer, nothing taken again.
    expect((await core.ok('points:refund', { opId, receiptNo: 'P-9' }, tokens.manager)).refundId).toBe(refund.refundId);
    expect(ledgerOf(core, real.id)).toEqual([
      { kind: 'adjust', points: 120, balance_after: 120 },
      { kind: 'refund_clawback', points: -120, balance_after: 0 },
    ]);
    // The provisional member keeps only the earn and the merge's move: no debt left behind.
    expect(ledgerOf(core, p.id)).toEqual([
      { kind: 'earn', points: 120, balance_after: 120 },
      { kind: 'adjust', points: -120, balance_after: 0 },
    ]);
    // The claw-back is sent on the real member (head office has the award on it).
    const sent = core.db
      .prepare("SELECT member_id FROM sync_outbox WHERE kind = 'points.ledger'")
      .pluck()
      .all() as string[];
    expect(sent).toEqual([real.id]);
    expect((await core.ok('points:checkLedger', {}, tokens.manager)).ok).toBe(true);
    expect(core.runStartupChecks()).toEqual([]);
    expect(core.runDailyChecks()).toEqual([]);
  });

  it("a provisional card's stamps and vouchers are the real member's after the merge: used, refunded, pushed on the right member", async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    await core.ok('points:saveRules', { rules: { ...DEFAULT_RULES, goals: [STAMPS, SPEND] } }, tokens.manager);
    const p = await core.ok('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier);
    const buy = (memberId: string, receiptNo: string, totalMinor: number, voucherId?: string) =>
      core.ok(
        'points:award',
        { opId: randomUUID(), memberId, receiptNo, totalMinor, ...(voucherId ? { voucherId } : {}) },
        tokens.cashier,
      );
    // On the card: ¥120 → 1 stamp and a pending ¥10 voucher (¥20 left); ¥6 → the 2nd stamp issues ¥5 off.
    await buy(p.id, 'P-1', 12_000);
    await buy(p.id, 'P-2', 600);
    const real = pulledMember(core);
    pull(core, real, 126);

    const goalRows = (memberId: string) =>
      core.db
        .prepare('SELECT goal_key, kind, amount, facts FROM points_goal_ledger WHERE member_id = ? ORDER BY seq')
        .all(memberId) as { goal_key: string; kind: string; amount: number; facts: string }[];
    const merged = goalRows(real.id);
    expect(merged.map((r) => [r.goal_key, r.kind, r.amount])).toEqual([['spend100', 'merge', 2600]]);
    const f = JSON.parse(merged[0].facts) as GoalFacts;
    expect(formatGoalFacts(f, { locale: 'en', currency: 'CNY' })).toBe(
      `Spend ¥100: ¥26.00 recorded on card ${CARD} while head office was unreachable`,
    );
    expect(formatGoalFacts(f, { locale: 'zh-CN', currency: 'CNY' })).toBe(
      `Spend ¥100：总部无法连接时记在卡 ${CARD} 上的 ¥26.00`,
    );
    expect(goalRows(p.id).at(-1)).toMatchObject({ goal_key: 'spend100', kind: 'merge', amount: -2600 });
    const g = await core.ok('points:memberGoals', { memberId: real.id }, tokens.cashier);
    expect(g.goals.map((x) => [x.goalKey, x.balance])).toEqual([
      ['stamps', 0],
      ['spend100', 2600],
    ]);
    const fiveOff = g.vouchers.find((v) => v.name === '¥5 off')!;
    const tenOff = g.vouchers.find((v) => v.name === '¥10 off')!;
    expect([fiveOff.status, tenOff.status]).toEqual(['available', 'pending']);

    // The real member spends the card's ¥5 voucher on a ¥6 bill (paid ¥1: a stamp, ¥1 spend).
    core.db.prepare('DELETE FROM sync_outbox').run();
    const r = await buy(real.id, 'R-1', 600, fiveOff.id);
    expect(r).toMatchObject({ rewardDiscountMinor: 500, paidMinor: 100, voucher: { id: fiveOff.id } });
    expectError(
      await core.call(
        'points:award',
        { opId: randomUUID(), memberId: real.id, receiptNo: 'R-2', totalMinor: 600, voucherId: fiveOff.id },
        tokens.cashier,
      ),
      'CONFLICT',
      { reason: 'voucherUsed' },
    );
    // Still not the provisional member's to use, nor another member's.
    const other = await core.ok('members:register', { name: 'Li Na', phone: '13800000001' }, tokens.cashier);
    expectError(
      await core.call(
        'points:useVoucher',
        { opId: randomUUID(), memberId: other.id, voucherId: tenOff.id },
        tokens.cashier,
      ),
      'NOT_FOUND',
      { reason: 'voucherNotFound' },
    );
    const ops = () =>
      core.db.prepare('SELECT kind, member_id, payload FROM sync_outbox ORDER BY seq').all() as {
        kind: string;
        member_id: string;
        payload: string;
      }[];
    const awardOp = ops().find((o) => o.kind === 'points.award')!;
    expect(JSON.parse(awardOp.payload)).toMatchObject({ billReward: { voucherId: fiveOff.id, discountMinor: 500 } });
    // Head office has the voucher on the real member (issued by the card's goals.move): its use names the card.
    const use = ops().find((o) => o.kind === 'voucher.use')!;
    expect(JSON.parse(use.payload)).toMatchObject({ member: { cardNumber: CARD }, voucherId: fiveOff.id });

    // Refund of the card's ¥120 after the merge: the real member's card gives back, the pending voucher first.
    core.db.prepare('DELETE FROM sync_outbox').run();
    const refund = await core.ok('points:refund', { opId: randomUUID(), receiptNo: 'P-1' }, tokens.manager);
    expect(refund.pointsClawedBack).toBe(120);
    expect(
      goalRows(real.id)
        .slice(-3)
        .map((x) => [x.goal_key, x.kind, x.amount]),
    ).toEqual([
      ['stamps', 'clawback', -1],
      ['spend100', 'withdraw', 10_000],
      ['spend100', 'clawback', -12_000],
    ]);
    const after = await core.ok('points:memberGoals', { memberId: real.id }, tokens.cashier);
    expect(after.goals.map((x) => [x.goalKey, x.balance])).toEqual([
      ['stamps', 0],
      ['spend100', 700],
    ]);
    expect(after.vouchers.find((v) => v.id === tenOff.id)?.status).toBe('revoked');
    // Nothing left owing on the provisional card; every cached goal balance is its ledger's sum.
    const sums = core.db
      .prepare(
        `SELECT b.member_id, b.goal_key, b.balance,
           (SELECT coalesce(sum(amount), 0) FROM points_goal_ledger l WHERE l.member_id = b.member_id AND l.goal_key = b.goal_key) AS total
         FROM points_goal_balances b`,
      )
      .all() as { member_id: string; balance: number; total: number }[];
    for (const s of sums) expect(s.balance).toBe(s.total);
    expect(sums.filter((s) => s.member_id === p.id).every((s) => s.balance === 0)).toBe(true);
    // The withdrawal travels with the refund's goal entries, on the real member.
    const moves = ops().filter((o) => o.kind === 'goals.move');
    expect(moves.map((o) => o.member_id)).toEqual([real.id]);
    expect(JSON.parse(moves[0].payload)).toMatchObject({
      member: { memberId: real.id },
      withdrawn: [{ voucherId: tenOff.id }],
    });
    expect((await core.ok('points:checkLedger', {}, tokens.manager)).ok).toBe(true);
    expect(core.runStartupChecks()).toEqual([]);
    expect(core.runDailyChecks()).toEqual([]);
  });

  it('a card a member here holds is refused; a pulled member that cannot be written leaves the provisional member as it was', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const local = await core.ok('members:register', { name: 'Li Na', phone: '13800000001' }, tokens.cashier);
    expectError(
      await core.call(
        'members:recordProvisional',
        { cardNumber: local.cardNumber, opId: randomUUID() },
        tokens.cashier,
      ),
      'CONFLICT',
      { reason: 'cardKnownHere' },
    );
    const p = await core.ok('members:recordProvisional', { cardNumber: CARD, opId: randomUUID() }, tokens.cashier);
    expect((await award(core, p.id, tokens.cashier)).ok).toBe(true);
    // Head office's member clashes with a member here (same phone): not written, nothing merged.
    pull(core, pulledMember(core, { phone: '+8613800000001' }), 100);
    expect(ledgerOf(core, p.id)).toHaveLength(1);
    expect((await core.ok('members:lookupCard', { cardNumber: CARD }, tokens.cashier)).id).toBe(p.id);
    expect(core.db.prepare('SELECT merged_into FROM members_provisional').pluck().get()).toBeNull();
  });

  it('bad input to members:recordProvisional: typed VALIDATION, nothing written', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      {},
      { cardNumber: CARD },
      { opId: randomUUID() },
      { cardNumber: 2800000042421, opId: randomUUID() },
      { cardNumber: CARD.slice(0, 12) + String((Number(CARD[12]) + 1) % 10), opId: randomUUID() },
      { cardNumber: '28000000424', opId: randomUUID() },
      { cardNumber: "'; DROP TABLE members; --", opId: randomUUID() },
      { cardNumber: '9'.repeat(10_000), opId: randomUUID() },
      { cardNumber: CARD, opId: 'not-a-uuid' },
      { cardNumber: CARD, opId: randomUUID(), name: 'extra' },
      { cardNumber: NaN, opId: randomUUID() },
    ];
    for (const input of bad) {
      const r = await core.dispatch('members:recordProvisional', input as never, { token: tokens.cashier });
      expectError(r, 'VALIDATION', undefined, JSON.stringify(input).slice(0, 80));
    }
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
  });
});

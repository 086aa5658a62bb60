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

import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectError, expectOk } from '../helpers/expect-result';
import type { TestCore } from '../helpers/core';
import { CASHIER, MANAGER, snapshotCounts } from '../helpers/core';
import type { ErrorCode, Result } from '../../src/shared/errors';
import {
  credit,
  debit,
  earnLot,
  expire,
  expireMember,
  openLots,
  spendable,
  unitsShare,
  type MLine,
  type Model,
  type Use,
} from './ledger-model';

export interface Real {
  core: TestCore;
  tokens: { cashier: string; manager: string };
}

let counter = 0;
const unique = (p: string) => `${p}-${++counter}`;

type Cmd = fc.AsyncCommand<Model, Real>;

async function call(r: Real, channel: string, input: Record<string, unknown>, who: 'cashier' | 'manager') {
  return (await r.core.dispatch(channel, input, { token: r.tokens[who] })) as Result<Record<string, unknown>>;
}

/** The checks run after every step, for every member of the sequence. */
function checkInvariants(m: Model, r: Real) {
  const db = r.core.db;
  for (const who of m.members) {
    const cached =
      (
        db.prepare('SELECT balance FROM points_balances WHERE member_id = ?').get(who.id) as
          { balance: number } | undefined
      )?.balance ?? 0;
    const sum = (
      db.prepare('SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE member_id = ?').get(who.id) as {
        s: number;
      }
    ).s;
    expect(cached).toBe(sum); // balance = sum of entries
    expect(cached).toBe(who.balance); // and what the model says
    const lots = db
      .prepare(
        `SELECT remaining, earned_at AS earnedAt, expires_at AS expiresAt FROM points_lots
         WHERE member_id = ? AND remaining > 0 ORDER BY earned_at, id`,
      )
      .all(who.id) as { remaining: number }[];
    expect(lots).toEqual(openLots(who)); // lots consumed oldest first, exactly as modelled
    expect(lots.reduce((a, l) => a + l.remaining, 0)).toBe(Math.max(0, cached));
  }
}

/** A rejected operation: the expected error code and not one row written anywhere. */
async function expectRejected(r: Real, code: ErrorCode, run: () => Promise<Result<unknown>>) {
  const before = snapshotCounts(r.core);
  const res = await run();
  expectError(res, code);
  expect(snapshotCounts(r.core)).toEqual(before);
}

class AwardCmd implements Cmd {
  constructor(
    readonly member: number,
    readonly lines: { quantity: number; unitPriceMinor: number }[] | null,
    readonly total: number,
    readonly usePct: number,
    /** Redeem the bill reward (10% off, at most ¥15.00) on this purchase. */
    readonly withReward = false,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const who = m.members[this.member];
    const total = this.lines ? this.lines.reduce((a, l) => a + l.quantity * l.unitPriceMinor, 0) : this.total;
    // usePct > 100 deliberately asks for more than the balance or the cap.
    const pointsToUse = Math.floor((Math.max(0, who.balance) * this.usePct) / 100) + (this.usePct > 100 ? 7 : 0);
    const input: Record<string, unknown> = { opId: randomUUID(), memberId: who.id, receiptNo: unique('R') };
    if (this.lines) input.lines = this.lines;
    else input.totalMinor = total;
    if (pointsToUse > 0) input.pointsToUse = pointsToUse;
    if (this.withReward) input.rewardId = m.billReward.id;
    // The bill reward comes off first (rounded down, capped); points pay part of the rest.
    const rewardOff = this.withReward ? Math.min(Math.floor(total / 10), 1_500) : 0;
    const rewardCost = this.withReward ? m.billReward.cost : 0;
    const cap = Math.floor(((total - rewardOff) * 50) / 100);
    // Points past their date cannot pay (they expire first, in the same transaction).
    const canSpend = spendable(m, who);
    if (this.withReward && rewardOff === 0) {
      await expectRejected(r, 'VALIDATION', () => call(r, 'points:award', input, 'cashier'));
      return;
    }
    if ((this.withReward || pointsToUse > 0) && canSpend < rewardCost + pointsToUse) {
      await expectRejected(r, 'CONFLICT', () => call(r, 'points:award', input, 'cashier'));
      return;
    }
    if (pointsToUse > 0 && pointsToUse > cap) {
      await expectRejected(r, 'VALIDATION', () => call(r, 'points:award', input, 'cashier'));
      return;
    }
    const res = await call(r, 'points:award', input, 'cashier');
    expectOk(res);
    const v = res.value as { pointsEarned: number; pointsUsed: number; balance: number; rewardDiscountMinor: number };
    expect(v.rewardDiscountMinor).toBe(rewardOff);
    const earned = Math.floor((total - rewardOff - pointsToUse) / 100); // 1 pt per ¥1, down; b = ¥0.01
    expect(v.pointsEarned).toBe(earned);
    if (pointsToUse > 0 || this.withReward) expireMember(m, who);
    const rewardUses = this.withReward ? debit(who, rewardCost) : [];
    const payUses = pointsToUse > 0 ? debit(who, pointsToUse) : [];
    if (earned > 0) credit(m, who, earned, [earnLot(m, earned)], `earn:${input.receiptNo as string}`);
    expect(v.balance).toBe(who.balance);
    const p = (await r.core.ok('points:getPurchase', { receiptNo: input.receiptNo as string }, r.tokens.cashier)) as {
      lines: {
        quantity: number;
        amountMinor: number;
        discountMinor: number;
        rewardDiscountMinor: number;
        pointsEarned: number;
        pointsUsed: number;
      }[];
    };
    expect(p.lines.reduce((a, l) => a + l.pointsEarned, 0)).toBe(earned);
    expect(p.lines.reduce((a, l) => a + l.pointsUsed, 0)).toBe(pointsToUse);
    expect(p.lines.reduce((a, l) => a + l.rewardDiscountMinor, 0)).toBe(rewardOff);
    const lines: MLine[] = p.lines.map((l) => ({
      quantity: l.quantity,
      paid: l.amountMinor - l.rewardDiscountMinor - l.discountMinor,
      earned: l.pointsEarned,
      used: l.pointsUsed,
      returned: 0,
    }));
    for (const l of lines) expect(l.paid).toBeGreaterThanOrEqual(0);
    m.purchases.push({
      receiptNo: input.receiptNo as string,
      member: this.member,
      lines,
      payUses,
      ...(this.withReward
        ? {
            reward: {
              cost: rewardCost,
              discount: rewardOff,
              lineDiscounts: p.lines.map((l) => l.rewardDiscountMinor),
              discountReturned: 0,
              pointsReturned: 0,
              uses: rewardUses,
            },
          }
        : {}),
    });
    m.ops.push({ channel: 'points:award', input, result: res.value, token: 'cashier' });
    checkInvariants(m, r);
  }
  toString = () =>
    `award(m${this.member}, ${this.lines ? JSON.stringify(this.lines) : this.total}, use ${this.usePct}%${
      this.withReward ? ', 10% off reward' : ''
    })`;
}

class RedeemCmd implements Cmd {
  constructor(
    readonly member: number,
    readonly reward: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const who = m.members[this.member];
    const reward = m.rewards[this.reward];
    const input = { opId: randomUUID(), memberId: who.id, rewardId: reward.id };
    if (reward.stock === 0 || spendable(m, who) < reward.cost) {
      await expectRejected(r, 'CONFLICT', () => call(r, 'rewards:redeem', input, 'cashier'));
      return;
    }
    const res = await call(r, 'rewards:redeem', input, 'cashier');
    expectOk(res);
    expireMember(m, who);
    const uses = debit(who, reward.cost);
    expect(who.balance).toBeGreaterThanOrEqual(0); // never redeemed above the available balance
    if (reward.stock !== null) reward.stock--;
    m.redemptions.push({
      id: res.value.id as string,
      member: this.member,
      reward: this.reward,
      points: reward.cost,
      uses,
      voided: false,
    });
    m.ops.push({ channel: 'rewards:redeem', input, result: res.value, token: 'cashier' });
    checkInvariants(m, r);
  }
  toString = () => `redeem(m${this.member}, reward ${this.reward})`;
}

class VoidCmd implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.redemptions.length > 0;
  async run(m: Model, r: Real) {
    const red = m.redemptions[this.pick % m.redemptions.length];
    const input = { opId: randomUUID(), redemptionId: red.id, reason: 'customer changed mind' };
    if (red.voided) {
      await expectRejected(r, 'CONFLICT', () => call(r, 'rewards:void', input, 'manager'));
      return;
    }
    const res = await call(r, 'rewards:void', input, 'manager');
    expectOk(res);
    red.voided = true;
    credit(m, m.members[red.member], red.points, red.uses, `void:${red.id}`);
    const reward = m.rewards[red.reward];
    if (reward.stock !== null) reward.stock++;
    m.ops.push({ channel: 'rewards:void', input, result: res.value, token: 'manager' });
    checkInvariants(m, r);
  }
  toString = () => `void(${this.pick})`;
}

class RefundCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly spec: { line: number; quantity: number }[] | null,
  ) {}
  check = (m: Readonly<Model>) => m.purchases.length > 0;
  async run(m: Model, r: Real) {
    const p = m.purchases[this.pick % m.purchases.length];
    const who = m.members[p.member];
    const wanted = this.spec
      ? [...new Map(this.spec.map((s) => [s.line % p.lines.length, s.quantity])).entries()].map(([line, quantity]) => ({
          line,
          quantity,
        }))
      : p.lines.map((l, line) => ({ line, quantity: l.quantity - l.returned })).filter((w) => w.quantity > 0);
    const input: Record<string, unknown> = { opId: randomUUID(), receiptNo: p.receiptNo };
    if (this.spec) input.lines = wanted.map((w) => ({ lineNo: w.line + 1, quantity: w.quantity }));
    const tooMany = wanted.some((w) => w.quantity > p.lines[w.line].quantity - p.lines[w.line].returned);
    if (wanted.length === 0 || tooMany) {
      // a line cannot be returned twice, nor more than was bought
      await expectRejected(r, 'CONFLICT', () => call(r, 'points:refund', input, 'manager'));
      return;
    }
    const res = await call(r, 'points:refund', input, 'manager');
    expectOk(res);
    let owed = 0;
    let returned = 0;
    let rewardDiscountBack = 0;
    for (const w of wanted) {
      const l = p.lines[w.line];
      owed += unitsShare(l.earned, l.returned, l.returned + w.quantity, l.quantity);
      returned += unitsShare(l.used, l.returned, l.returned + w.quantity, l.quantity);
      if (p.reward) {
        rewardDiscountBack += unitsShare(
          p.reward.lineDiscounts[w.line],
          l.returned,
          l.returned + w.quantity,
          l.quantity,
        );
      }
      l.returned += w.quantity;
    }
    const fully = p.lines.every((l) => l.returned === l.quantity);
    if (returned > 0) {
      const parts: Use[] = [];
      let left = returned;
      for (const u of [...p.payUses].reverse()) {
        if (left === 0) break;
        const n = Math.min(left, u.points);
        parts.push({ ...u, points: n });
        left -= n;
      }
      if (left > 0) parts.push({ points: left, earnedAt: m.now, expiresAt: null });
      credit(m, who, returned, parts, `refund:${String(input.opId)}`);
    }
    // The bill reward's points (proportional, the default policy): floor(cost × discount
    // returned so far / discount), all of it once everything is back.
    let rewardBack = 0;
    if (p.reward) {
      const rw = p.reward;
      rw.discountReturned += rewardDiscountBack;
      const target = fully ? rw.cost : Math.floor((rw.cost * rw.discountReturned) / rw.discount);
      rewardBack = Math.max(0, target - rw.pointsReturned);
      rw.pointsReturned += rewardBack;
      expect(rw.pointsReturned).toBeLessThanOrEqual(rw.cost); // never more back than it cost
      if (fully) expect(rw.pointsReturned).toBe(rw.cost);
      if (rewardBack > 0) {
        const parts: Use[] = [];
        let left = rewardBack;
        for (const u of [...rw.uses].reverse()) {
          if (left === 0) break;
          const n = Math.min(left, u.points);
          parts.push({ ...u, points: n });
          left -= n;
        }
        if (left > 0) parts.push({ points: left, earnedAt: m.now, expiresAt: null });
        credit(m, who, rewardBack, parts, `reward:${String(input.opId)}`);
      }
    }
    expireMember(m, who); // due lots (restored ones too) expire before the claw-back
    const clawed = m.policy === 'capAtZero' ? Math.min(owed, Math.max(0, who.balance)) : owed;
    if (clawed > 0) debit(who, clawed, `earn:${p.receiptNo}`);
    const v = res.value as { pointsOwed: number; pointsClawedBack: number; shortfall: number; pointsReturned: number };
    expect(v).toMatchObject({
      pointsOwed: owed,
      pointsClawedBack: clawed,
      shortfall: owed - clawed,
      pointsReturned: returned,
      rewardPointsReturned: rewardBack,
    });
    // A reversal never exceeds the original: over all refunds of this receipt.
    const sums = r.core.db
      .prepare(
        `SELECT sum(r.points_owed) AS owed, sum(r.points_returned) AS ret, p.points_earned AS earned, p.points_used AS used
         FROM points_refunds r JOIN points_purchases p ON p.id = r.purchase_id WHERE p.receipt_no = ?`,
      )
      .get(p.receiptNo) as { owed: number; ret: number; earned: number; used: number };
    expect(sums.owed).toBeLessThanOrEqual(sums.earned);
    expect(sums.ret).toBeLessThanOrEqual(sums.used);
    if (fully) {
      expect(sums.owed).toBe(sums.earned); // partial returns add up exactly
      expect(sums.ret).toBe(sums.used);
    }
    m.ops.push({ channel: 'points:refund', input, result: res.value, token: 'manager' });
    checkInvariants(m, r);
  }
  toString = () => `refund(${this.pick}, ${this.spec ? JSON.stringify(this.spec) : 'all'})`;
}

class ExpireCmd implements Cmd {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    r.core.clock.advance(this.days * 86_400_000);
    m.now = r.core.clock.t;
    await r.core.ok('auth:unlock', { password: CASHIER.password }, r.tokens.cashier);
    await r.core.ok('auth:unlock', { password: MANAGER.password }, r.tokens.manager);
    const res = await call(r, 'points:runExpiry', {}, 'manager');
    expectOk(res);
    // Other sequences' members in the same file may expire too: compare only ours.
    const expired = expire(m);
    const ours = r.core.db
      .prepare(
        `SELECT coalesce(-sum(points), 0) AS s FROM points_ledger WHERE kind = 'expire' AND created_at = ?
         AND member_id IN (${m.members.map(() => '?').join(',')})`,
      )
      .get(m.now, ...m.members.map((x) => x.id)) as { s: number };
    expect(ours.s).toBe(expired);
    checkInvariants(m, r);
  }
  toString = () => `expire(+${this.days}d)`;
}

class AdjustCmd implements Cmd {
  constructor(
    readonly member: number,
    readonly points: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const who = m.members[this.member];
    const input = { opId: randomUUID(), memberId: who.id, points: this.points, reason: 'goodwill correction' };
    if (this.points < 0 && spendable(m, who) + this.points < 0) {
      await expectRejected(r, 'CONFLICT', () => call(r, 'points:adjust', input, 'manager'));
      return;
    }
    const res = await call(r, 'points:adjust', input, 'manager');
    expectOk(res);
    if (this.points > 0) credit(m, who, this.points, [earnLot(m, this.points)], 'adjust');
    else {
      expireMember(m, who);
      debit(who, -this.points);
    }
    m.ops.push({ channel: 'points:adjust', input, result: res.value, token: 'manager' });
    checkInvariants(m, r);
  }
  toString = () => `adjust(m${this.member}, ${this.points})`;
}

class ClearCmd implements Cmd {
  constructor(readonly member: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const who = m.members[this.member];
    const input = { opId: randomUUID(), memberId: who.id, reason: 'card misuse' };
    if (spendable(m, who) <= 0) {
      await expectRejected(r, 'CONFLICT', () => call(r, 'points:clearMember', input, 'manager'));
      return;
    }
    const res = await call(r, 'points:clearMember', input, 'manager');
    expectOk(res);
    expireMember(m, who);
    debit(who, who.balance);
    m.ops.push({ channel: 'points:clearMember', input, result: res.value, token: 'manager' });
    checkInvariants(m, r);
  }
  toString = () => `clear(m${this.member})`;
}

/**
 * Time passes with no expiry run (the terminal was off at midnight): the next spend
 * must expire the due lots itself, so points past their date are never spent.
 */
class TimePassesCmd implements Cmd {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    r.core.clock.advance(this.days * 86_400_000);
    m.now = r.core.clock.t;
    await r.core.ok('auth:unlock', { password: CASHIER.password }, r.tokens.cashier);
    await r.core.ok('auth:unlock', { password: MANAGER.password }, r.tokens.manager);
    checkInvariants(m, r);
  }
  toString = () => `timePasses(+${this.days}d, no expiry run)`;
}

/** The same operation again: the first result, and not one row more. */
class RetryCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly mutate: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ops.length > 0;
  async run(m: Model, r: Real) {
    const o = m.ops[this.pick % m.ops.length];
    if (this.mutate) {
      // Same operation id, different request: CONFLICT, nothing written.
      const other = { opId: o.input.opId, memberId: m.members[0].id, points: 1, reason: 'reused id' };
      await expectRejected(r, 'CONFLICT', () => call(r, 'points:adjust', other, 'manager'));
      return;
    }
    const before = snapshotCounts(r.core);
    const res = await call(r, o.channel, o.input, o.token);
    expectOk(res);
    expect(res.value).toEqual(o.result);
    expect(snapshotCounts(r.core)).toEqual(before);
    checkInvariants(m, r);
  }
  toString = () => `retry(${this.pick}${this.mutate ? ', different payload' : ''})`;
}

const member = fc.integer({ min: 0, max: 1 });
const line = fc.record({ quantity: fc.integer({ min: 1, max: 3 }), unitPriceMinor: fc.integer({ min: 1, max: 6000 }) });

const award = fc
  .tuple(
    member,
    fc.option(fc.array(line, { minLength: 1, maxLength: 3 }), { nil: null }),
    fc.integer({ min: 1, max: 20_000 }),
    fc.constantFrom(0, 0, 30, 100, 150),
    fc.constantFrom(false, true),
  )
  .map(([a, b, c, d, e]) => new AwardCmd(a, b, c, d, e));

/** Awards weigh three times as much: most other commands need something earned first. */
export const ledgerCommands = [
  award,
  award,
  award,
  fc.tuple(member, fc.integer({ min: 0, max: 1 })).map(([a, b]) => new RedeemCmd(a, b)),
  fc.nat().map((n) => new VoidCmd(n)),
  fc
    .tuple(
      fc.nat(),
      fc.option(
        fc.array(fc.record({ line: fc.nat({ max: 2 }), quantity: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 1,
          maxLength: 2,
        }),
        { nil: null },
      ),
    )
    .map(([a, b]) => new RefundCmd(a, b)),
  fc.integer({ min: 3, max: 40 }).map((d) => new ExpireCmd(d)),
  fc.integer({ min: 1, max: 40 }).map((d) => new TimePassesCmd(d)),
  fc
    .tuple(
      member,
      fc.integer({ min: -200, max: 300 }).filter((p) => p !== 0),
    )
    .map(([a, b]) => new AdjustCmd(a, b)),
  member.map((a) => new ClearCmd(a)),
  fc.tuple(fc.nat(), fc.boolean()).map(([a, b]) => new RetryCmd(a, b)),
];

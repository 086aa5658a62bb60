import { addMonths } from '../../src/main/core/points/exact-math';

/**
 * A plain-JS model of what the ledger must hold: balances and expiry lots, with the
 * documented rules (credit pays a negative balance first, then forms lots; a debit
 * consumes the named lot first, then the soonest-expiring, never-expiring last, ties
 * oldest first; expiry takes whole due lots, at the run or before any spend). The
 * property tests drive the real core and this model side by side and compare.
 */
export interface MLot {
  seq: number;
  key: string;
  remaining: number;
  earnedAt: number;
  expiresAt: number | null;
}
export interface Use {
  points: number;
  earnedAt: number;
  expiresAt: number | null;
}
export interface MMember {
  id: string;
  balance: number;
  lots: MLot[];
}
export interface MLine {
  quantity: number;
  paid: number;
  earned: number;
  used: number;
  returned: number;
}
/** A bill reward redeemed on the purchase (issue 11 item 2), by the proportional policy. */
export interface MBillReward {
  cost: number;
  discount: number;
  /** Each line's share of the discount. */
  lineDiscounts: number[];
  discountReturned: number;
  pointsReturned: number;
  uses: Use[];
}
export interface MPurchase {
  receiptNo: string;
  member: number;
  lines: MLine[];
  payUses: Use[];
  reward?: MBillReward;
}
export interface MRedemption {
  id: string;
  member: number;
  reward: number;
  points: number;
  uses: Use[];
  voided: boolean;
}
export interface MOp {
  channel: string;
  input: Record<string, unknown>;
  result: unknown;
  token: 'cashier' | 'manager';
}
export interface Model {
  now: number;
  members: MMember[];
  purchases: MPurchase[];
  redemptions: MRedemption[];
  rewards: { id: string; cost: number; stock: number | null }[];
  /** A percent-off bill reward: 10% of the bill, at most ¥15.00 (never picked by redeem/void). */
  billReward: { id: string; cost: number };
  ops: MOp[];
  lotSeq: number;
  expiryMonths: number;
  /** Set: lots expire at the end of the earning day + this many days, store in UTC+8 (no DST). */
  expiryDays: number | null;
  policy: 'clawBackNegative' | 'capAtZero';
}

const byAge = (a: MLot, b: MLot) => a.earnedAt - b.earnedAt || a.seq - b.seq;
/** Spending order (issue 11 item 1): soonest expiry first, never-expiring last, then age. */
const bySpendOrder = (a: MLot, b: MLot) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || byAge(a, b);

export function credit(m: Model, who: MMember, points: number, parts: Use[], key: string) {
  let debt = Math.max(0, -who.balance);
  const ordered = [...parts].sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity));
  for (const p of ordered) {
    const pay = Math.min(debt, p.points);
    debt -= pay;
    const left = p.points - pay;
    if (left > 0)
      who.lots.push({ seq: m.lotSeq++, key, remaining: left, earnedAt: p.earnedAt, expiresAt: p.expiresAt });
  }
  who.balance += points;
}

export function debit(who: MMember, points: number, preferKey?: string): Use[] {
  const uses: Use[] = [];
  let left = points;
  const take = (lot: MLot) => {
    const n = Math.min(left, lot.remaining);
    if (n <= 0) return;
    lot.remaining -= n;
    left -= n;
    uses.push({ points: n, earnedAt: lot.earnedAt, expiresAt: lot.expiresAt });
  };
  if (preferKey) for (const lot of who.lots.filter((l) => l.key === preferKey).sort(byAge)) take(lot);
  for (const lot of [...who.lots].sort(bySpendOrder)) if (left > 0) take(lot);
  who.balance -= points;
  return uses;
}

export function expire(m: Model): number {
  let total = 0;
  for (const who of m.members) total += expireMember(m, who);
  return total;
}

/** One member's due lots expire (the run, or a spend first: issue 10 item 11). */
export function expireMember(m: Model, who: MMember): number {
  let total = 0;
  for (const lot of who.lots) {
    if (lot.expiresAt !== null && lot.expiresAt <= m.now && lot.remaining > 0) {
      who.balance -= lot.remaining;
      total += lot.remaining;
      lot.remaining = 0;
    }
  }
  return total;
}

/** What a spend could draw on: the balance less the points already past their date. */
export function spendable(m: Model, who: MMember): number {
  return (
    who.balance -
    who.lots.filter((l) => l.expiresAt !== null && l.expiresAt <= m.now).reduce((a, l) => a + l.remaining, 0)
  );
}

export function openLots(who: MMember) {
  return who.lots
    .filter((l) => l.remaining > 0)
    .sort(byAge)
    .map((l) => ({ remaining: l.remaining, earnedAt: l.earnedAt, expiresAt: l.expiresAt }));
}

const DAY = 86_400_000;
const UTC8 = 8 * 3_600_000;
export const earnLot = (m: Model, points: number): Use => ({
  points,
  earnedAt: m.now,
  expiresAt:
    m.expiryDays !== null
      ? // good through local day (earning day + N), gone at the next local midnight
        (Math.floor((m.now + UTC8) / DAY) + m.expiryDays + 1) * DAY - UTC8
      : m.expiryMonths > 0
        ? addMonths(m.now, m.expiryMonths)
        : null,
});

/** floor(v × to / q) − floor(v × from / q): the share of units [from, to). */
export function unitsShare(v: number, from: number, to: number, q: number): number {
  return Number((BigInt(v) * BigInt(to)) / BigInt(q) - (BigInt(v) * BigInt(from)) / BigInt(q));
}

import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { DEFAULT_RULES, ledgerSum, makePointsCore, op, travel } from './points-helpers';
import { lotExpiry } from '../../../src/main/core/points/expiry-policy';
import { startOfLocalDay } from '../../../src/main/core/points/local-days';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { TestCore } from '../../helpers/core';

/**
 * Issue 11 item 1 (expiry by date, soonest-expiring spent first) and issue 10 item 11
 * (a spend expires the member's due lots first), with the worked numbers of
 * src/main/core/points/README.md.
 */
const SH = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);
const rules = (expiry: RuleSet['expiry']): RuleSet => ({ ...DEFAULT_RULES, ...(expiry ? { expiry } : {}) });

describe('expiry dates in the store time zone', () => {
  // Earned 2026-01-31 15:00 in Shanghai (07:00Z).
  const earned = at('2026-01-31T07:00:00Z');
  it.each([
    ['days 30 → good through 2 Mar', { kind: 'days', count: 30 }, '2026-03-02T16:00:00Z'],
    ['months 1 → 28 Feb (clamped)', { kind: 'months', count: 1 }, '2026-02-28T16:00:00Z'],
    ['end of month → 31 Jan', { kind: 'endOfMonth' }, '2026-01-31T16:00:00Z'],
    ['end of year → 31 Dec', { kind: 'endOfYear' }, '2026-12-31T16:00:00Z'],
  ] as const)('%s, gone at the next local midnight', (_name, expiry, gone) => {
    expect(lotExpiry(rules(expiry), earned, SH)).toBe(at(gone));
  });

  it('never, and rule sets saved before 010 keep their exact months', () => {
    expect(lotExpiry(rules({ kind: 'never' }), earned, SH)).toBeNull();
    expect(lotExpiry(DEFAULT_RULES, earned, SH)).toBeNull();
    expect(lotExpiry({ ...DEFAULT_RULES, expiryMonths: 2 }, earned, SH)).toBe(at('2026-03-31T07:00:00Z'));
  });

  it('the day of earning is the store day, not the UTC day', () => {
    // 00:30 on 1 Feb in Shanghai is still 31 Jan in UTC: the points are February's.
    expect(lotExpiry(rules({ kind: 'endOfMonth' }), at('2026-01-31T16:30:00Z'), SH)).toBe(at('2026-02-28T16:00:00Z'));
    expect(lotExpiry(rules({ kind: 'endOfMonth' }), at('2026-01-31T16:30:00Z'), 'UTC')).toBe(
      at('2026-02-01T00:00:00Z'),
    );
  });

  it('a local day across a DST change begins at its real local midnight', () => {
    // New York springs forward on 8 Mar 2026: 9 Mar begins at 00:00 EDT = 04:00Z.
    expect(lotExpiry(rules({ kind: 'days', count: 1 }), at('2026-03-07T17:00:00Z'), 'America/New_York')).toBe(
      at('2026-03-09T04:00:00Z'),
    );
    expect(startOfLocalDay({ year: 2026, month: 11, day: 2 }, 'America/New_York')).toBe(at('2026-11-02T05:00:00Z'));
  });
});

async function storeInShanghai(r: RuleSet) {
  const p = await makePointsCore({ rules: r });
  await p.core.ok('settings:update', { timeZone: SH, idleLockMinutes: 240 }, p.tokens.manager);
  return p;
}
const award = (core: TestCore, token: string, memberId: string, receiptNo: string, totalMinor: number, use = 0) =>
  core.call(
    'points:award',
    { opId: op(), memberId, receiptNo, totalMinor, ...(use > 0 ? { pointsToUse: use } : {}) },
    token,
  );

describe('expiry through the counter', () => {
  it('a lot is spendable through its whole expiry date and gone the next day', async () => {
    // The test clock starts 2026-11-25 09:00Z = 17:00 in Shanghai. 10 days → good through 5 Dec.
    const { core, tokens, member } = await storeInShanghai(rules({ kind: 'days', count: 10 }));
    expect((await award(core, tokens.cashier, member, 'X1', 10_000)).ok).toBe(true); // ¥100 → 100 pts
    const lot = core.db.prepare('SELECT expires_at FROM points_lots WHERE member_id = ?').pluck().get(member);
    expect(lot).toBe(at('2026-12-05T16:00:00Z')); // 2026-12-06 00:00 in Shanghai
    await travel(core, tokens, at('2026-12-05T15:59:00Z') - core.clock.t); // 23:59 on 5 Dec, local
    expect(await core.ok('points:runExpiry', {}, tokens.manager)).toMatchObject({ pointsExpired: 0 });
    await travel(core, tokens, 60_000); // 00:00 on 6 Dec, local
    expect(await core.ok('points:runExpiry', {}, tokens.manager)).toMatchObject({ pointsExpired: 100 });
    expect(ledgerSum(core, member)).toBe(0);
  });

  it('spends the soonest-expiring lot first and never-expiring points last', async () => {
    // 100 pts that never expire, then 50 under an end-of-month rule; a 60-point reward.
    const { core, tokens, member } = await storeInShanghai(DEFAULT_RULES);
    await award(core, tokens.cashier, member, 'S1', 10_000);
    await core.ok('points:saveRules', { rules: rules({ kind: 'endOfMonth' }) }, tokens.manager);
    await award(core, tokens.cashier, member, 'S2', 5_000);
    const pen = await core.ok('rewards:create', { name: 'Pen', kind: 'goods', costPoints: 60 }, tokens.manager);
    await core.ok('rewards:redeem', { opId: op(), memberId: member, rewardId: pen.id }, tokens.cashier);
    const lots = core.db
      .prepare('SELECT remaining, expires_at AS expiresAt FROM points_lots WHERE member_id = ? ORDER BY id')
      .all(member);
    // The 50 due on 30 Nov went first, then 10 of the never-expiring 100.
    expect(lots).toEqual([
      { remaining: 90, expiresAt: null },
      { remaining: 0, expiresAt: at('2026-11-30T16:00:00Z') },
    ]);
    await travel(core, tokens, 7 * 86_400_000);
    await core.ok('points:runExpiry', {}, tokens.manager);
    // Oldest-first would have left 40 + 50 and then lost the 50: 40. Soonest-first keeps 90.
    expect(ledgerSum(core, member)).toBe(90);
  });

  it('points past their date cannot be spent before the expiry run', async () => {
    const { core, tokens, member } = await storeInShanghai({
      ...rules({ kind: 'endOfMonth' }),
      payWithPointsAllowed: true,
    });
    await award(core, tokens.cashier, member, 'P1', 10_000); // 100 pts, good through 30 Nov
    await travel(core, tokens, 6 * 86_400_000); // 1 Dec: due, but no run has happened
    expect(ledgerSum(core, member)).toBe(100);
    const quote = await core.ok('points:payQuote', { memberId: member, totalMinor: 100_000 }, tokens.cashier);
    expect(quote.maxPoints).toBe(0);
    expectError(await award(core, tokens.cashier, member, 'P2', 100_000, 100), 'CONFLICT');
    const pen = await core.ok('rewards:create', { name: 'Pen', kind: 'goods', costPoints: 60 }, tokens.manager);
    expectError(
      await core.call('rewards:redeem', { opId: op(), memberId: member, rewardId: pen.id }, tokens.cashier),
      'CONFLICT',
    );
    expectError(
      await core.call(
        'points:adjust',
        { opId: op(), memberId: member, points: -1, reason: 'test debit' },
        tokens.manager,
      ),
      'CONFLICT',
    );
    // Newly earned points can be spent; the spend expires the 100 first, in the same operation.
    await award(core, tokens.cashier, member, 'P3', 8_000); // +80, good through 31 Dec
    const spent = await award(core, tokens.cashier, member, 'P4', 10_000, 50);
    // 80 − 50 paid (¥0.50 off), + 99 earned on the ¥99.50 paid.
    expect(spent.ok && spent.value.balance).toBe(80 - 50 + 99);
    const kinds = core.db
      .prepare('SELECT kind, points FROM points_ledger WHERE member_id = ? ORDER BY seq')
      .all(member) as { kind: string; points: number }[];
    expect(kinds).toEqual([
      { kind: 'earn', points: 100 },
      { kind: 'earn', points: 80 },
      { kind: 'expire', points: -100 },
      { kind: 'pay', points: -50 },
      { kind: 'earn', points: 99 },
    ]);
    expect(await core.ok('points:runExpiry', {}, tokens.manager)).toMatchObject({ pointsExpired: 0 });
  });
});

describe('the store time zone setting', () => {
  it('refuses a zone Intl does not know, changing nothing', async () => {
    const { core, tokens } = await makePointsCore();
    const before = await core.ok('settings:get', {}, tokens.manager);
    const bad = await core.call('settings:update', { timeZone: 'Mars/Olympus_Mons' }, tokens.manager);
    expectError(bad, 'VALIDATION');
    expect(await core.ok('settings:get', {}, tokens.manager)).toEqual(before);
    expect(before.timeZone).toBe('');
  });
});

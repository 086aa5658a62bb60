import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASHIER, MANAGER, makeStaffedCore } from '../helpers/core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * Programme bonuses (issue 11 item 6) under random sequences: registrations (some
 * referred, some retried with the same operation id), purchases (some retried, some at or
 * above the referral minimum), full refunds and time passing by days or months. After
 * EVERY step: the ledger check holds (balance = sum of entries, lots = max(0, balance)),
 * every bonus key exists at most once per member, at most one birthday bonus per member
 * and calendar year, the referral is paid to both sides exactly when the referred member
 * has made a purchase that reached the minimum, and no refund takes back more than its
 * purchase earned.
 */
const RUNS = Math.max(10, Math.floor(Number(process.env.PROPERTY_RUNS ?? 100) / 5));
const RULES: RuleSet = {
  ...DEFAULT_RULES,
  refundPolicy: 'capAtZero',
  welcomePoints: 20,
  birthdayBonus: { points: 100, window: 'month' },
  referralBonus: { referrerPoints: 200, referredPoints: 50, minSpendMinor: 5000 },
};

type Step =
  /** Birthday `monthsAhead` months after the month of registration (0: this month). */
  | { kind: 'register'; referrer: number | null; retry: boolean; monthsAhead: number }
  | { kind: 'buy'; member: number; amount: number; retry: boolean }
  | { kind: 'refund'; purchase: number }
  | { kind: 'wait'; days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    referrer: fc.option(fc.nat(5), { nil: null }),
    retry: fc.boolean(),
    monthsAhead: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('buy' as const),
    member: fc.nat(5),
    amount: fc.oneof(fc.integer({ min: 1, max: 4999 }), fc.integer({ min: 5000, max: 20_000 })),
    retry: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('refund' as const), purchase: fc.nat(10) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(40)) }),
);

describe('ledger properties, programme bonuses', () => {
  it(`hold after every step of ${RUNS} random sequences`, { timeout: 300_000 }, async () => {
    const { core, tokens } = await makeStaffedCore();
    core.db.pragma('synchronous = OFF');
    await core.ok('points:saveRules', { rules: RULES }, tokens.manager);
    await core.ok('settings:update', { idleLockMinutes: 240, timeZone: 'Asia/Shanghai' }, tokens.manager);
    await core.ok(
      'settings:update',
      { approvalAwardOverMinor: 1_000_000_000_00, approvalAwardOverPoints: 1_000_000_000 },
      tokens.manager,
    );
    const q = <T>(sql: string, ...args: unknown[]) => core.db.prepare(sql).all(...args) as T[];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 30 }), async (steps) => {
        const members: { id: string; card: string; referrer: string | null }[] = [];
        const purchases: { receiptNo: string; member: string; earned: number; refunded: boolean }[] = [];
        for (const s of steps) {
          if (s.kind === 'register') {
            const referrer = s.referrer !== null && members.length > 0 ? members[s.referrer % members.length] : null;
            const input = {
              name: 'Prop',
              email: `${randomUUID()}@example.com`,
              birthday: `1990-${String(((new Date(core.clock.t + 8 * 3_600_000).getUTCMonth() + s.monthsAhead) % 12) + 1).padStart(2, '0')}-15`,
              opId: randomUUID(),
              ...(referrer ? { referrerCard: referrer.card } : {}),
            };
            const m = await core.ok('members:register', input, tokens.cashier);
            if (s.retry) await core.ok('members:register', input, tokens.cashier);
            members.push({ id: m.id, card: m.cardNumber, referrer: referrer?.id ?? null });
          } else if (s.kind === 'buy' && members.length > 0) {
            const m = members[s.member % members.length];
            const input = {
              opId: randomUUID(),
              memberId: m.id,
              receiptNo: `P-${randomUUID().slice(0, 8)}`,
              totalMinor: s.amount,
            };
            const r = await core.ok('points:award', input, tokens.cashier);
            if (s.retry) await core.ok('points:award', input, tokens.cashier);
            purchases.push({ receiptNo: input.receiptNo, member: m.id, earned: r.pointsEarned, refunded: false });
          } else if (s.kind === 'refund' && purchases.length > 0) {
            const p = purchases[s.purchase % purchases.length];
            if (p.refunded) continue;
            const r = await core.ok('points:refund', { opId: randomUUID(), receiptNo: p.receiptNo }, tokens.manager);
            expect(r.pointsClawedBack).toBeLessThanOrEqual(p.earned);
            p.refunded = true;
          } else if (s.kind === 'wait') {
            core.clock.advance(s.days * 86_400_000);
            await core.ok('auth:unlock', { password: CASHIER.password }, tokens.cashier);
            await core.ok('auth:unlock', { password: MANAGER.password }, tokens.manager);
          }
          const check = await core.ok('points:checkLedger', {}, tokens.manager);
          expect(check.ok, JSON.stringify(check)).toBe(true);
          for (const m of members) {
            const keys = q<{ ref_id: string; n: number }>(
              `SELECT ref_id, count(*) AS n FROM points_ledger WHERE member_id = ? AND ref_id LIKE 'bonus:%' GROUP BY ref_id`,
              m.id,
            );
            expect(keys.every((k) => k.n === 1)).toBe(true);
            expect(keys.some((k) => k.ref_id === 'bonus:welcome')).toBe(true);
            const qualified = purchases.some(
              (p) =>
                p.member === m.id &&
                q<{ paid: number }>(
                  'SELECT paid_minor AS paid FROM points_purchases WHERE receipt_no = ?',
                  p.receiptNo,
                )[0].paid >= 5000,
            );
            const paidReferred = keys.some((k) => k.ref_id === 'bonus:referred');
            expect(paidReferred).toBe(m.referrer !== null && qualified);
            if (m.referrer !== null) {
              const toReferrer = q<{ n: number }>(
                'SELECT count(*) AS n FROM points_ledger WHERE member_id = ? AND ref_id = ?',
                m.referrer,
                `bonus:referrer:${m.id}`,
              )[0].n;
              expect(toReferrer).toBe(paidReferred ? 1 : 0);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: the sequences really paid every kind of bonus.
    const kinds = q<{ k: string }>(
      "SELECT DISTINCT substr(ref_id, 1, instr(substr(ref_id, 7), ':') + 5) AS k FROM points_ledger WHERE ref_id LIKE 'bonus:%:%'",
    ).map((r) => r.k);
    expect(kinds.sort()).toEqual(['bonus:birthday', 'bonus:referrer']);
    expect(q('SELECT 1 FROM points_ledger WHERE ref_id = ?', 'bonus:referred').length).toBeGreaterThan(0);
  });
});

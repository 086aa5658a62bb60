import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { DEFAULT_RULES, makePointsCore, op } from './points-helpers';
import type { RuleSet } from '../../../src/shared/contract/points';
import { CODE_ALPHABET, checkCharacter, isValidGenerated, normalizePromoCode } from '../../../src/shared/promo-code';
import { generateCode } from '../../../src/main/core/points/promo-codes';
import { minor } from '../../../src/shared/units';

/** Issue 11 item 7: promo codes, with the worked numbers of the points README. */
const RULES: RuleSet = {
  ...DEFAULT_RULES,
  promotions: [
    { name: 'Spring code', startsAt: 0, endsAt: 9e12, kind: 'bonus', bonusPoints: 50, promoProgramme: 'SPRING' },
    {
      name: 'VIP code ×2',
      startsAt: 0,
      endsAt: 9e12,
      kind: 'multiplier',
      multiplierPercent: 200,
      promoProgramme: 'VIP',
    },
  ],
};

describe('promo code text', () => {
  it('reads full-width, lower case, spaces and dashes as the same code', () => {
    expect(normalizePromoCode(' ａｂｃｄ-efgh k ')).toBe('ABCDEFGHK');
    expect(normalizePromoCode('summer–10')).toBe('SUMMER10');
  });
  it('generated codes: 8 symbols of the unambiguous alphabet + a check character that catches a typo or a swap (but A↔9)', () => {
    for (let i = 0; i < 200; i++) {
      const c = generateCode();
      expect(c).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{9}$/);
      expect(isValidGenerated(c)).toBe(true);
      const typo = c.slice(0, 3) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(c[3]) + 1) % 31] + c.slice(4);
      expect(isValidGenerated(typo)).toBe(false);
      const pair = new Set([c[1], c[2]]);
      if (c[1] !== c[2] && !(pair.has('A') && pair.has('9')))
        expect(isValidGenerated(c[0] + c[2] + c[1] + c.slice(3))).toBe(false);
    }
    expect(checkCharacter('AAAAAAAA')).toBe('A'); // index 0 everywhere: sum 0
  });
});

describe('promo codes (item 7)', () => {
  it('a code-only bonus applies only with its code: ¥10.00 → 10 pts, with SPRING code 10 + 50 = 60', async () => {
    const t = await makePointsCore({ rules: RULES });
    const batch = await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'SPRING', count: 3 },
      t.tokens.manager,
    );
    expect(batch).toMatchObject({ promoProgramme: 'SPRING', maxUses: 1, count: 3 });
    expect(batch.codes[0]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]$/);
    const without = await t.core.ok(
      'points:award',
      { opId: op(), memberId: t.member, receiptNo: 'P-1', totalMinor: minor(1000) },
      t.tokens.cashier,
    );
    expect(without.pointsEarned).toBe(10);
    const withCode = await t.core.ok(
      'points:award',
      {
        opId: op(),
        memberId: t.member,
        receiptNo: 'P-2',
        totalMinor: minor(1000),
        promoCode: batch.codes[0].toLowerCase(),
      },
      t.tokens.cashier,
    );
    expect(withCode.pointsEarned).toBe(60);
    expect(withCode.promoCode).toBe(batch.codes[0]);
    expect(withCode.facts.bonuses).toEqual([expect.objectContaining({ name: 'Spring code', points: 50 })]);
    // used twice: a typed refusal, nothing written
    const before = snapshotCounts(t.core);
    expectError(
      await t.core.call(
        'points:award',
        { opId: op(), memberId: t.member, receiptNo: 'P-3', totalMinor: minor(1000), promoCode: batch.codes[0] },
        t.tokens.cashier,
      ),
      'CONFLICT',
      { reason: 'promoCodeUsed', field: 'promoCode' },
    );
    expect(snapshotCounts(t.core)).toEqual(before);
    const batches = await t.core.ok('points:listPromoBatches', {}, t.tokens.manager);
    expect(batches[0]).toMatchObject({ batchId: batch.batchId, used: 1, count: 3 });
  });

  it('the same press twice records one use and awards once (op id)', async () => {
    const t = await makePointsCore({ rules: RULES });
    const { codes } = await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'SPRING', count: 1 },
      t.tokens.manager,
    );
    const input = { opId: op(), memberId: t.member, receiptNo: 'D-1', totalMinor: minor(1000), promoCode: codes[0] };
    const a = await t.core.ok('points:award', input, t.tokens.cashier);
    expect(await t.core.ok('points:award', input, t.tokens.cashier)).toEqual(a);
    expect((t.core.db.prepare('SELECT count(*) AS n FROM points_promo_code_uses').get() as { n: number }).n).toBe(1);
  });

  it('a named multi-use code (×2 VIP): used by many, limited by maxUses', async () => {
    const t = await makePointsCore({ rules: RULES, members: 2 });
    await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'VIP', code: 'vip-2026', maxUses: 2 },
      t.tokens.manager,
    );
    for (const [i, m] of t.members.entries()) {
      const r = await t.core.ok(
        'points:award',
        { opId: op(), memberId: m, receiptNo: `V-${i}`, totalMinor: minor(1000), promoCode: 'VIP2026' },
        t.tokens.cashier,
      );
      expect(r.pointsEarned).toBe(20);
    }
    expectError(
      await t.core.call(
        'points:award',
        { opId: op(), memberId: t.member, receiptNo: 'V-9', totalMinor: minor(1000), promoCode: 'VIP2026' },
        t.tokens.cashier,
      ),
      'CONFLICT',
      { reason: 'promoCodeUsed' },
    );
    expectError(
      await t.core.call(
        'points:createPromoCodes',
        { opId: op(), promoProgramme: 'VIP', code: 'VIP2026' },
        t.tokens.manager,
      ),
      'CONFLICT',
      { reason: 'codeTaken' },
    );
  });

  it('refuses an unknown, a mistyped and an out-of-programme code', async () => {
    const t = await makePointsCore({ rules: RULES });
    const { codes } = await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'SPRING', count: 1 },
      t.tokens.manager,
    );
    const c = normalizePromoCode(codes[0]);
    const typo = c.slice(0, 8) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(c[8]) + 1) % 31];
    const award = (promoCode: string, receiptNo: string) =>
      t.core.call(
        'points:award',
        { opId: op(), memberId: t.member, receiptNo, totalMinor: minor(1000), promoCode },
        t.tokens.cashier,
      );
    expectError(await award(typo, 'M-1'), 'VALIDATION', { reason: 'promoCodeMistyped' });
    expectError(await award('NOSUCHCODE', 'M-2'), 'NOT_FOUND', { reason: 'promoCodeUnknown' });
    await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'OLD', code: 'OLDCODE' },
      t.tokens.manager,
    );
    expectError(await award('OLDCODE', 'M-3'), 'CONFLICT', { reason: 'promoCodeInactive', promoProgramme: 'OLD' });
  });

  it('exports a batch as CSV; the what-if preview re-prices a code purchase with its code', async () => {
    const t = await makePointsCore({ rules: RULES });
    const b = await t.core.ok(
      'points:createPromoCodes',
      { opId: op(), promoProgramme: 'SPRING', count: 2 },
      t.tokens.manager,
    );
    await t.core.ok(
      'points:award',
      { opId: op(), memberId: t.member, receiptNo: 'E-1', totalMinor: minor(1000), promoCode: b.codes[1] },
      t.tokens.cashier,
    );
    const csv = await t.core.ok('points:exportPromoBatch', { batchId: b.batchId }, t.tokens.manager);
    expect(csv.filename).toMatch(/^promo-codes-SPRING-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csv.csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('code,programme,max_uses,used,last_used');
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.startsWith(b.codes[1]))).toMatch(/,SPRING,1,1,\d{4}-/);
    const p = await t.core.ok(
      'points:previewRules',
      { rules: { ...RULES, promotions: [{ ...RULES.promotions[0], bonusPoints: 70 }] } },
      t.tokens.manager,
    );
    expect(p.rows[0]).toMatchObject({ actualPoints: 60, proposedPoints: 80 });
    // cashiers may not create or export codes
    expectError(
      await t.core.call('points:createPromoCodes', { opId: op(), promoProgramme: 'X', count: 1 }, t.tokens.cashier),
      'FORBIDDEN',
    );
  });
});

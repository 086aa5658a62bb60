import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import type { Result } from '../../src/shared/errors';

/**
 * Finding: the same receipt was accepted again as "R-1001 ", " r-1001", full-width
 * "Ｒ-1001", with a zero-width character or a Unicode hyphen — one purchase, awarded six
 * times. Receipt numbers are now unique by their normalised key (NFKC, trimmed,
 * case-folded, zero-width removed, Unicode dashes → '-', restricted characters).
 */
const reasonOf = (r: Result<unknown>) => (r.ok ? 'ok' : String(r.error.details?.reason ?? r.error.code));

describe('receipt numbers', () => {
  it('every spelling of R-1001 is the one receipt: awarded once, found and refunded by any of them', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    const award = (receiptNo: string) =>
      core.call('points:award', { opId: randomUUID(), memberId: m.id, receiptNo, totalMinor: 10_000 }, tokens.cashier);
    const first = await award('R-1001');
    expect(reasonOf(first)).toBe('ok');
    const spellings = [
      'R-1001 ',
      ' r-1001',
      'Ｒ-1001', // full-width R
      'Ｒ－１００１', // full-width everything
      'R-10\u200B01', // zero-width space
      'R\u2010-1001'.replace('\u2010-', '\u2010'), // U+2010 hyphen
      'R\u20131001', // en dash
      'R\u22121001', // minus sign
      '\uFEFFR-1001', // BOM
      'R-1001\u00AD', // soft hyphen
      'R - 1001',
    ];
    for (const s of spellings)
      expect(`${JSON.stringify(s)}: ${reasonOf(await award(s))}`).toBe(`${JSON.stringify(s)}: duplicateReceipt`);
    expect(core.db.prepare('SELECT count(*) FROM points_purchases').pluck().get()).toBe(1);
    expect((await core.ok('points:memberSummary', { memberId: m.id }, tokens.cashier)).balance).toBe(100);

    const found = await core.ok('points:getPurchase', { receiptNo: ' ｒ‐1001 ' }, tokens.cashier);
    expect(found.receiptNo).toBe('R-1001');
    const refund = await core.ok('points:refund', { opId: randomUUID(), receiptNo: 'r-1001' }, tokens.cashier);
    expect(refund.receiptNo).toBe('R-1001');
  });

  it('stores the display form and refuses characters outside the receipt set', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 2);
    const ok = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: '  Ｒ‐2002\u200B ', totalMinor: 100 },
      tokens.cashier,
    );
    expect(ok.receiptNo).toBe('R-2002');
    for (const bad of ['R_1001🙂', 'Р-1001' /* Cyrillic Р */, 'R<1001>', '-1001', '\u200B', 'R'.repeat(41), '收据1']) {
      const r = await core.call(
        'points:award',
        { opId: randomUUID(), memberId: m.id, receiptNo: bad, totalMinor: 100 },
        tokens.cashier,
      );
      expect(`${bad}: ${r.ok ? 'ok' : r.error.code}`).toBe(`${bad}: VALIDATION`);
    }
    // The length limit is applied after NFKC: U+FDFA is 18 characters once normalised.
    const ligature = await core.call(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: '\uFDFA'.repeat(3), totalMinor: 100 },
      tokens.cashier,
    );
    expect(ligature.ok).toBe(false);
  });
});

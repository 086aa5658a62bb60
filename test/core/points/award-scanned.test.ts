import { describe, expect, it } from 'vitest';
import { snapshotCounts } from '../../helpers/core';
import { SCENARIO_RULES, explainEn, makePointsCore, op } from './points-helpers';
import { parseFacts } from '../../../src/shared/explain/facts';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';
import { storedFactsExplainer } from '../../../src/main/core/offline/export/explanation-column';

/** Issue 9 item 13: an award records that its receipt (and amount) came from a scan of the till's receipt. */
describe('points:award with values scanned from the till receipt', () => {
  it('keeps `scanned` in the purchase facts and the audit, the receipt still last; the line says "from scan"', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: '80100798', totalMinor: 6490, scanned: 'receiptAndAmount' },
      tokens.cashier,
    );
    expect(r.facts).toMatchObject({ kind: 'earn', scanned: 'receiptAndAmount', receiptNo: '80100798' });
    expect(explainEn(r.facts)).toBe('¥64.90 × 1 pt/¥1 = 64.9 → 64 pts (rounded down) · from scan · receipt 80100798');
    expect(formatExplanation(r.facts, { locale: 'zh-CN', currency: 'CNY', receipt: false })).toContain('扫码录入');

    const stored = core.db.prepare('SELECT facts FROM points_purchases WHERE receipt_no = ?').get('80100798') as {
      facts: string;
    };
    const keys = Object.keys(JSON.parse(stored.facts) as object);
    expect(keys.at(-1)).toBe('receiptNo');
    expect(parseFacts(stored.facts)).toMatchObject({ scanned: 'receiptAndAmount' });
    // The export renders the same words (it appends the receipt itself).
    const exportLine = storedFactsExplainer({ currency: 'CNY', currencyMinorUnits: 2 })(stored.facts);
    expect(exportLine).toBe(explainEn(r.facts));

    const audit = core.db.prepare("SELECT details FROM audit_log WHERE action = 'points.awarded'").get() as {
      details: string;
    };
    expect(JSON.parse(audit.details)).toMatchObject({ receiptNo: '80100798', scanned: 'receiptAndAmount' });
  });

  it('a typed award carries no `scanned` anywhere', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-1', totalMinor: 1000 },
      tokens.cashier,
    );
    expect('scanned' in r.facts).toBe(false);
    const audit = core.db.prepare("SELECT details FROM audit_log WHERE action = 'points.awarded'").get() as {
      details: string;
    };
    expect('scanned' in (JSON.parse(audit.details) as object)).toBe(false);
  });

  it.each([
    ['yes'],
    [true],
    [1],
    [''],
    ['RECEIPT'],
    [null],
    ['receipt; DROP TABLE points_ledger'],
    [{ receipt: true }],
  ])('refuses scanned = %j with VALIDATION and writes nothing', async (scanned) => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const before = snapshotCounts(core);
    const r = await core.call(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-9', totalMinor: 1000, scanned } as never,
      tokens.cashier,
    );
    expect(r.ok || r.error.code).toBe('VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { PRESET_PATTERNS, receiptPatternProblem, RECEIPT_PATTERN_MAX } from '../../../src/shared/settings/receipt-scan';

/** Issue 9 item 13: the receipt-scan pattern, validated in main (zod) before it is stored. */
describe('settings: receiptScan', () => {
  it('is off by default; a manager may choose a preset or a custom pattern, audited', async () => {
    const { core, tokens } = await makeStaffedCore();
    expect((await core.ok('settings:get', {}, tokens.cashier)).receiptScan).toEqual({ preset: 'off', pattern: '' });
    const vat = await core.ok('settings:update', { receiptScan: { preset: 'cnVatQr', pattern: '' } }, tokens.manager);
    expect(vat.receiptScan.preset).toBe('cnVatQr');
    const custom = { preset: 'custom', pattern: '^R(?<receipt>\\d{6}),(?<amount>\\d+\\.\\d{2})$' } as const;
    expect((await core.ok('settings:update', { receiptScan: custom }, tokens.owner)).receiptScan).toEqual(custom);
    const audit = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'settings.changed' AND target = 'receiptScan'")
      .all() as { details: string }[];
    expect(audit).toHaveLength(2);
  });

  it('a cashier may not change it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call(
      'settings:update',
      { receiptScan: { preset: 'receiptOnly', pattern: '' } },
      tokens.cashier,
    );
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['a pattern without a receipt group', { preset: 'custom', pattern: '^(?<amount>\\d+)$' }],
    ['custom with no pattern', { preset: 'custom', pattern: '' }],
    ['an unknown group name', { preset: 'custom', pattern: '^(?<receipt>\\d+),(?<total>\\d+)$' }],
    ['not a regex', { preset: 'custom', pattern: '^(?<receipt>\\d+' }],
    ['nested quantifiers', { preset: 'custom', pattern: '^(?<receipt>(\\d+)+)$' }],
    ['a quantified alternation', { preset: 'custom', pattern: '^(?<receipt>(a|a)*)$' }],
    ['a back-reference', { preset: 'custom', pattern: '^(?<receipt>(\\d)\\1)$' }],
    ['a stored custom pattern that is bad, even with a preset chosen', { preset: 'cnVatQr', pattern: '(' }],
    ['too long', { preset: 'custom', pattern: '(?<receipt>' + 'a'.repeat(RECEIPT_PATTERN_MAX) + ')' }],
    ['an unknown preset', { preset: 'qr', pattern: '' }],
    ['an unknown field', { preset: 'off', pattern: '', flags: 'g' }],
    ['wrong types', { preset: 1, pattern: null }],
    ['a string', 'cnVatQr'],
    ['control characters', { preset: 'custom', pattern: '(?<receipt>\u0000\u0007' }],
    ['SQL-looking', { preset: "off'; DROP TABLE settings; --", pattern: '' }],
  ])('refuses %s with VALIDATION and stores nothing', async (_what, receiptScan) => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const r = await core.call('settings:update', { receiptScan } as never, tokens.owner);
    expect(r.ok || r.error.code).toBe('VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('settings:get', {}, tokens.owner)).receiptScan.preset).toBe('off');
  });
});

describe('receiptPatternProblem: the backtracking guard', () => {
  it('accepts the presets', () => {
    for (const p of Object.values(PRESET_PATTERNS)) expect(receiptPatternProblem(p)).toBeNull();
  });
  it.each([
    ['^(?<receipt>\\d+)$', null],
    ['^(?<receipt>[A-Z]{2}\\d{6})(?:,(?<amount>\\d{1,9}(?:\\.\\d{1,2})?))?$', null],
    ['(?<receipt>\\d{2}){3}', null],
    ['(?<=x)(?<receipt>\\d+)', null],
    ['[(](?<receipt>\\d+)[)+]', null],
    ['(?<receipt>(\\d+)*)', 'nestedQuantifier'],
    ['(?<receipt>(?:\\d{1,30}){2,})', 'nestedQuantifier'],
    ['(?<receipt>(?:a|ab)+)', 'nestedQuantifier'],
    ['(?<receipt>\\d*\\d*\\d*\\d*)', 'tooManyWide'],
    ['(?<receipt>\\d+)\\k<receipt>', 'backreference'],
    ['(?<receipt>a)(?<receipt2>b)', 'unknownGroup'],
    ['[', 'invalid'],
  ])('%s → %s', (pattern, problem) => {
    expect(receiptPatternProblem(pattern)).toBe(problem);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { makeStaffedCore, snapshotCounts } from '../helpers/core';
import { generateMembers } from '../../bench/generate-members';
import { benchLookups, LOOKUP_NAMES } from '../../bench/lookup';
import { isCardNumber } from '../../src/shared/contract/members';

/** The benchmark's data must look like the app's own: same normal forms, same indexes. */
describe('bench generateMembers', () => {
  it('writes valid, searchable members consistent with the schema', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('members:register', { name: 'Real Person', phone: '13812345678' }, tokens.cashier);
    const report = generateMembers(core.db, 2000, 3);
    expect(report.inserted + report.skipped).toBe(2000);
    expect(report.inserted).toBeGreaterThan(1990);
    const rows = core.db.prepare('SELECT * FROM members').all() as Record<string, string | null>[];
    for (const r of rows.slice(0, 300)) {
      expect(isCardNumber(r.card_number!)).toBe(true);
      expect(parsePhoneNumberFromString(r.phone!)?.isValid(), r.phone!).toBe(true);
      expect(r.phone_last4).toBe(r.phone!.slice(-4));
      if (r.email) expect(r.email).toBe(r.email.toLowerCase());
    }
    // The trigger is back and the FTS index is consistent.
    core.db.exec("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')");
    const after = await core.ok('members:register', { name: '新会员', phone: '13812340000' }, tokens.cashier);
    expect((await core.ok('members:search', { query: '新会员' }, tokens.cashier)).results.map((r) => r.id)).toEqual([
      after.id,
    ]);
    const cjk2 = rows.filter((r) => /^\p{Script=Han}{2}$/u.test(r.name ?? ''));
    expect(cjk2.length).toBeGreaterThan(rows.length * 0.3);
    const hit = await core.ok('members:search', { query: cjk2[0].name! }, tokens.cashier);
    expect(hit.results.length).toBeGreaterThan(0);
    expect(snapshotCounts(core).members).toBe(report.inserted + 2);
  });

  it('benchLookups reports all five lookups, each finding members', async () => {
    const { core } = await makeStaffedCore();
    generateMembers(core.db, 3000, 5);
    const out = await benchLookups(core, { iterations: 50, warmup: 5 });
    expect(Object.keys(out).sort()).toEqual([...LOOKUP_NAMES].sort());
    for (const name of LOOKUP_NAMES) {
      expect(out[name].p50_ms, name).toBeGreaterThan(0);
      expect(out[name].p99_ms, name).toBeGreaterThanOrEqual(out[name].p50_ms!);
      expect(out[name].baseline_p50_ms, name).toBeGreaterThan(0);
      expect(out[name].empty_results, name).toBe(0);
    }
  });
});

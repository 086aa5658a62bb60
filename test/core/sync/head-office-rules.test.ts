import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { snapshotCounts } from '../../helpers/core';
import { DEFAULT_RULES, makePointsCore, SCENARIO_RULES } from '../points/points-helpers';
import { applyChanges } from '../../../src/main/core/sync/pull';
import { withoutCapture } from '../../../src/main/core/sync/state';
import { verifyAuditChain } from '../../../src/main/core/audit/audit-log';
import type { Core } from '../../../src/main/core/open-core';
import type { RuleSetWire } from '../../../src/shared/sync';

/**
 * Issue 12: in chain mode the rules are head office's. A pulled rule set is audited like a
 * rules save (in the pull's transaction) and a local save is refused, typed; a single
 * terminal saves its own rules exactly as before. Real SQLite files (makePointsCore).
 */
function enrol(core: Core) {
  core.db
    .prepare(
      "UPDATE sync_state SET enrolled_at = ?, server_url = 'http://head-office.test', store_id = 'S1' WHERE id = 1",
    )
    .run(core.config.now());
}

function pullRules(core: Core, wire: Partial<RuleSetWire> = {}) {
  const now = core.config.now();
  const data: RuleSetWire = {
    id: 'ho-rule-1',
    storeId: null,
    version: 7,
    effectiveFrom: now - 1,
    rules: { ...DEFAULT_RULES, earnRate: { points: 2, perMinor: 100 } },
    createdAt: now - 10,
    ...wire,
  };
  withoutCapture(core.db, () => applyChanges(core.db, [{ entity: 'rule', data }], now, core.terminalId));
  return data;
}

describe("head office's rules in chain mode", () => {
  it('audits a pulled rule set as a rules save by head office; the chain verifies', async () => {
    const { core, tokens } = await makePointsCore();
    enrol(core);
    const wire = pullRules(core);
    const row = core.db
      .prepare("SELECT actor_id, actor_name, target, details FROM audit_log WHERE action = 'points.rulesSaved'")
      .get() as { actor_id: string | null; actor_name: string; target: string; details: string };
    expect(row).toMatchObject({ actor_id: null, actor_name: 'head office', target: 'v2' });
    expect(JSON.parse(row.details)).toMatchObject({
      version: 2,
      effectiveFrom: wire.effectiveFrom,
      headOfficeVersion: 7,
      headOfficeRuleSetId: 'ho-rule-1',
    });
    expect(verifyAuditChain(core.db)).toMatchObject({ ok: true });
    // The same page again (a lost answer) neither adds a version nor a second record.
    pullRules(core);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'points.rulesSaved'").pluck().get()).toBe(1);
    const state = await core.ok('points:getRules', {}, tokens.cashier);
    expect(state.current.version).toBe(2);
    expect(state.headOffice).toEqual({ version: 7, effectiveFrom: wire.effectiveFrom, inForce: true });
    // The versions list names head office's number beside the pulled set (v1 is the set-up's).
    const versions = await core.ok('points:listRuleVersions', {}, tokens.manager);
    expect(versions.map((v) => [v.version, v.headOfficeVersion])).toEqual([
      [2, 7],
      [1, null],
    ]);
  });

  it('a set head office dated later: not in force yet, listed as upcoming with its head office number', async () => {
    const { core, tokens } = await makePointsCore();
    enrol(core);
    const wire = pullRules(core, { version: 8, effectiveFrom: core.config.now() + 86_400_000 });
    const state = await core.ok('points:getRules', {}, tokens.cashier);
    expect(state.current.version).toBe(1);
    expect(state.headOffice).toEqual({ version: 8, effectiveFrom: wire.effectiveFrom, inForce: false });
    expect(state.upcoming.map((v) => [v.version, v.headOfficeVersion])).toEqual([[2, 8]]);
  });

  it('refuses a local save, typed, and changes nothing', async () => {
    const { core, tokens } = await makePointsCore();
    enrol(core);
    pullRules(core);
    const before = snapshotCounts(core);
    const r = await core.call('points:saveRules', { rules: SCENARIO_RULES }, tokens.manager);
    expectError(r, 'CONFLICT', { reason: 'rulesFromHeadOffice' });
    expect(r.error.message).toMatch(/head office/);
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('points:getRules', {}, tokens.cashier)).current.version).toBe(2);
  });

  it('enrolled but no rule set pulled yet: the manager still saves', async () => {
    const { core, tokens } = await makePointsCore();
    enrol(core);
    expect((await core.ok('points:getRules', {}, tokens.cashier)).headOffice).toBeNull();
    expect((await core.ok('points:saveRules', { rules: SCENARIO_RULES }, tokens.manager)).version).toBe(2);
  });

  it('a single terminal saves its rules as before', async () => {
    const { core, tokens } = await makePointsCore();
    expect((await core.ok('points:getRules', {}, tokens.cashier)).headOffice).toBeNull();
    const saved = await core.ok('points:saveRules', { rules: SCENARIO_RULES }, tokens.manager);
    expect(saved.version).toBe(2);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'points.rulesSaved'").pluck().get()).toBe(1);
  });
});

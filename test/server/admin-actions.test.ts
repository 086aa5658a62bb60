import { describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS_PAGE } from '../../src/shared/headoffice/admin-api';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { adminGet } from './admin-get';
import { legacyCard, newOpId, ok, startChain, usePgCluster, type TestChain } from './helpers';

const pg = usePgCluster();

async function actions(chain: TestChain, query: Record<string, string> = {}) {
  const r = await adminGet(chain, 'actions', query);
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.value;
}

describe('head office’s own trail (admin_actions)', () => {
  it('records each store, enrolment code, revocation, rule set and reward once, newest first, never the code', async () => {
    const chain = await startChain(pg);
    const north = await chain.createStore('North');
    const code = await ok(chain.admin('admin:issueEnrolmentCode', { storeId: north, ttlMinutes: 30 }));
    const till = await chain.enrol(north, 'North till');
    await ok(chain.admin('admin:revokeTerminal', { terminalId: till.terminalId }));
    // Revoked again (a double click, a retry): the same answer, no second record.
    const again = await ok(chain.admin('admin:revokeTerminal', { terminalId: till.terminalId }));
    expect(again.revokedAt).not.toBeNull();

    const { actions: list, more } = await actions(chain);
    expect(more).toBe(false);
    const mine = list.map((a) => [a.action, a.storeId, a.terminalId, a.details]);
    expect(mine.filter(([a]) => a === 'terminal.revoked')).toEqual([
      ['terminal.revoked', north, till.terminalId, { name: 'North till' }],
    ]);
    expect(mine).toContainEqual(['enrolmentCode.issued', north, null, { expiresAt: code.expiresAt }]);
    expect(mine[mine.length - 1]).toEqual(['store.created', north, null, { name: 'North' }]);
    expect(list.map((a) => a.id)).toEqual([...list.map((a) => a.id)].sort((a, b) => b - a));
    // The code itself is nowhere in the trail.
    const raw = await chain.pool.query('SELECT details::text AS d FROM admin_actions');
    expect(raw.rows.map((r) => r.d).join(' ')).not.toContain(code.code);
  });

  it('a merge from the head office page is in the trail once (cards, points moved, reason); a refused one is not', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore('North'));
    const kept = till.register({ cardNumber: legacyCard(1), phone: '+8613800000001' });
    const dupe = till.register({ cardNumber: legacyCard(2), phone: '+8613800000001' });
    await till.pushOk([kept, dupe, till.award({ memberId: dupe.payload.memberId }, 'R-1', 40)]);
    const input = {
      opId: newOpId(),
      survivorId: kept.payload.memberId,
      mergedId: dupe.payload.memberId,
      reason: 'Registered twice',
    };
    expect(await ok(chain.admin('members:merge', input))).toMatchObject({ movedPoints: 40, replay: false });
    // The same op again (a double press, a lost answer): the first answer, no second record.
    expect(await ok(chain.admin('members:merge', input))).toMatchObject({ movedPoints: 40, replay: true });
    const merges = (await actions(chain)).actions.filter((a) => a.action === 'member.merged');
    expect(merges.map((a) => [a.storeId, a.terminalId, a.details])).toEqual([
      [
        null,
        null,
        { mergedCard: legacyCard(2), survivorCard: legacyCard(1), movedPoints: 40, reason: 'Registered twice' },
      ],
    ]);
    // Refused (already merged): nothing recorded.
    expect(await chain.admin('members:merge', { ...input, opId: newOpId() })).toMatchObject({ ok: false });
    expect((await actions(chain)).actions.filter((a) => a.action === 'member.merged')).toHaveLength(1);
  });

  it('a refused action records nothing: unknown store or terminal, bad input', async () => {
    const chain = await startChain(pg);
    const before = (await chain.pool.query('SELECT count(*)::int AS n FROM admin_actions')).rows[0].n;
    const unknown = '01900000-0000-7000-8000-00000000abcd';
    expect(await chain.admin('admin:issueEnrolmentCode', { storeId: unknown })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await chain.admin('admin:revokeTerminal', { terminalId: unknown })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await chain.admin('admin:createStore', { name: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect((await chain.pool.query('SELECT count(*)::int AS n FROM admin_actions')).rows[0].n).toBe(before);
  });

  it('pages back by id: `before` the last one shown', async () => {
    const chain = await startChain(pg);
    for (let i = 0; i < ADMIN_ACTIONS_PAGE + 5; i++) await chain.createStore(`Store ${i}`);
    const first = await actions(chain);
    expect(first.actions).toHaveLength(ADMIN_ACTIONS_PAGE);
    expect(first.more).toBe(true);
    const second = await actions(chain, { before: String(first.actions[ADMIN_ACTIONS_PAGE - 1].id) });
    expect(second.more).toBe(false);
    const names = [...first.actions, ...second.actions].map((a) => a.details.name);
    expect(new Set(names).size).toBe(ADMIN_ACTIONS_PAGE + 5);
    expect(second.actions[second.actions.length - 1].details.name).toBe('Store 0');
  });

  it('rules and rewards saved at head office are recorded with their version', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const rules = await ok(chain.admin('admin:saveRules', { storeId: null, effectiveFrom: 0, rules: DEFAULT_RULES }));
    const reward = await ok(
      chain.admin('admin:saveReward', { storeId: store, reward: { name: ' Tea ', kind: 'goods', costPoints: 50 } }),
    );
    const list = (await actions(chain)).actions;
    expect(list[0]).toMatchObject({
      action: 'reward.saved',
      storeId: store,
      details: { name: 'Tea', version: reward.version },
    });
    expect(list[1]).toMatchObject({ action: 'rules.saved', storeId: null, details: { version: rules.version } });
  });
});

import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';

/** The sync channels refuse bad input, the wrong role and a missing head office with typed errors, changing nothing. */
describe('sync channels: bad input', () => {
  it('sync:enrol: bad address, code or extra fields are VALIDATION; a cashier is FORBIDDEN; nothing is written', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const good = { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKMN-PQRS', name: 'Till 1' };
    for (const bad of [
      { ...good, serverUrl: 'ftp://head-office' },
      { ...good, serverUrl: 'http://' },
      { ...good, code: 'short' },
      { ...good, name: '' },
      { ...good, name: 'x'.repeat(81) },
      { ...good, extra: 1 },
      { serverUrl: good.serverUrl, code: good.code },
    ]) {
      expectError(
        await core.call('sync:enrol', bad as never, tokens.manager),
        'VALIDATION',
        undefined,
        JSON.stringify(bad),
      );
    }
    expectError(await core.call('sync:enrol', good, tokens.cashier), 'FORBIDDEN');
    const { ['audit_log']: auditAfter, ...after } = snapshotCounts(core);
    const { ['audit_log']: auditBefore, ...rest } = before;
    expect(after).toEqual(rest);
    expect(auditAfter - auditBefore).toBe(1); // the FORBIDDEN attempt is audited, nothing else
  });

  it('standalone: sync:now and sync:lookup say syncNotEnrolled; an unreachable head office leaves the terminal standalone', async () => {
    const { core, tokens } = await makeStaffedCore({
      sync: {
        fetch: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    });
    expectError(await core.call('sync:now', {}, tokens.cashier), 'CONFLICT', { reason: 'syncNotEnrolled' });
    expectError(await core.call('sync:lookup', { cardNumber: '2900000000018' }, tokens.cashier), 'CONFLICT', {
      reason: 'syncNotEnrolled',
    });
    const r = await core.call(
      'sync:enrol',
      { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKMN-PQRS', name: 'Till 1' },
      tokens.manager,
    );
    expectError(r, 'CONFLICT', { reason: 'syncUnreachable' });
    expect(await core.ok('sync:status', {}, tokens.cashier)).toEqual({ mode: 'standalone' });
    expect(core.config.sync.credentials.read()).toBeNull();
  });

  it('sync:lookup, sync:balance and sync:refused check their inputs', async () => {
    const { core, tokens } = await makeStaffedCore();
    expectError(await core.call('sync:lookup', { cardNumber: '123' }, tokens.cashier), 'VALIDATION');
    expectError(
      await core.call('sync:lookup', { cardNumber: '2900000000018', phone: '1' } as never, tokens.cashier),
      'VALIDATION',
    );
    expectError(await core.call('sync:balance', { memberId: 'not an id!' }, tokens.cashier), 'VALIDATION');
    expectError(await core.call('sync:refused', { limit: 0 }, tokens.manager), 'VALIDATION');
    expectError(await core.call('sync:refused', {}, tokens.cashier), 'FORBIDDEN');
    expect(await core.ok('sync:refused', {}, tokens.manager)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { newId } from '../../../src/main/core/ids';
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

  it('sync:hold checks its input and the member; standalone or with holds off it asks nothing', async () => {
    const { core, tokens } = await makeStaffedCore({
      sync: {
        fetch: async () => {
          throw new Error('head office must not be asked');
        },
      },
    });
    const before = snapshotCounts(core);
    for (const bad of [
      {},
      { memberId: '' },
      { memberId: 42 },
      { memberId: 'x'.repeat(10_000) },
      { memberId: 'm', extra: 1 },
      { memberId: "1'; DROP TABLE members; --" },
    ]) {
      expectError(
        await core.call('sync:hold', bad as never, tokens.cashier),
        'VALIDATION',
        undefined,
        JSON.stringify(bad),
      );
    }
    expectError(await core.call('sync:hold', { memberId: newId() }, tokens.cashier), 'NOT_FOUND', {
      reason: 'memberNotFound',
    });
    expect(snapshotCounts(core)).toEqual(before);
    expectError(await core.call('sync:hold', { memberId: 'm' }), 'UNAUTHENTICATED');
    const m = await core.ok(
      'members:register',
      { name: 'Zhao Lei', email: 'zhao@example.com', opId: randomUUID() },
      tokens.cashier,
    );
    expect(await core.ok('sync:hold', { memberId: m.id }, tokens.cashier)).toEqual({
      outcome: 'off',
      remaining: 0,
      expiresAt: null,
    });
    await core.ok('settings:update', { chainHoldPoints: 300 }, tokens.owner);
    expect(await core.ok('sync:hold', { memberId: m.id }, tokens.cashier)).toMatchObject({ outcome: 'off' });
  });

  it('chainHoldPoints (default 0) and chainHoldMinutes (default 240) are whole numbers in range', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await core.ok('settings:get', {}, tokens.owner);
    expect([s.chainHoldPoints, s.chainHoldMinutes]).toEqual([0, 240]);
    for (const [key, bad] of [
      ['chainHoldPoints', -1],
      ['chainHoldPoints', 1.5],
      ['chainHoldPoints', 1_000_001],
      ['chainHoldPoints', '100'],
      ['chainHoldMinutes', 0],
      ['chainHoldMinutes', 7 * 24 * 60 + 1],
      ['chainHoldMinutes', Number.NaN],
    ] as const) {
      expectError(
        await core.call('settings:update', { [key]: bad } as never, tokens.owner),
        'VALIDATION',
        undefined,
        key,
      );
    }
    expectError(await core.call('settings:update', { chainHoldPoints: 100 }, tokens.cashier), 'FORBIDDEN');
  });
});

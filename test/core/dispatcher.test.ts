import { describe, expect, it } from 'vitest';
import { expectError } from '../helpers/expect-result';
import { makeCore, makeStaffedCore, snapshotCounts } from '../helpers/core';
import { CHANNEL_NAMES, contract } from '../../src/shared/contract';
import { handlers } from '../../src/main/core/areas';
import { ERROR_CODES } from '../../src/shared/errors';

describe('dispatcher', () => {
  it('knows a handler for every channel and a channel for every handler', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('names channels area:action', () => {
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z0-9]*$/);
  });

  it('uses strict input schemas (unknown fields are an error)', () => {
    for (const name of CHANNEL_NAMES) {
      const schema = contract[name].input;
      const r = schema.safeParse({ __definitelyUnknownField: 1 });
      expect(r.success, name).toBe(false);
    }
  });

  it('refuses unknown channels', async () => {
    const core = makeCore();
    for (const ch of ['nope', 'staff:drop', '__proto__', 'constructor', 42, null]) {
      const r = await core.dispatch(ch, {});
      expectError(r, 'VALIDATION');
    }
  });

  it('refuses a forged or malformed token', async () => {
    const core = makeCore();
    for (const token of ['forged', '', 'x'.repeat(10_000), 123, {}, null]) {
      const r = await core.dispatch('staff:list', {}, { token });
      expectError(r, 'UNAUTHENTICATED');
    }
  });

  it('rolls back everything a failing handler wrote and hides internal errors', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const original = handlers['settings:update'];
    (handlers as Record<string, unknown>)['settings:update'] = (ctx: Parameters<typeof original>[0], input: never) => {
      original(ctx, input);
      throw new Error('disk on fire: /secret/path');
    };
    try {
      const r = await core.call('settings:update', { storeName: 'Half written' }, tokens.manager);
      expectError(r, 'INTERNAL');
      expect(JSON.stringify(r)).not.toContain('/secret/path');
    } finally {
      (handlers as Record<string, unknown>)['settings:update'] = original;
    }
    expect(snapshotCounts(core)).toEqual(before);
    expect((await core.ok('settings:get', {}, tokens.manager)).storeName).not.toBe('Half written');
  });

  it('returns only the fixed error codes', async () => {
    const { core, tokens } = await makeStaffedCore();
    const results = await Promise.all([
      core.call('staff:list', {}),
      core.call('staff:list', {}, tokens.cashier),
      core.call('staff:deactivate', { staffId: '01900000-0000-7000-8000-000000000000' }, tokens.owner),
    ]);
    expectError(results[0], 'UNAUTHENTICATED');
    expectError(results[1], 'FORBIDDEN');
    expectError(results[2], 'NOT_FOUND');
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']));
  });
});

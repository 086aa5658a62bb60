import { describe, expect, it } from 'vitest';
import { expectError } from '../helpers/expect-result';
import { makeStaffedCore } from '../helpers/core';

describe('foundation smoke', () => {
  it('sets up, signs in, forbids a cashier from manager channels', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call('staff:list', {}, tokens.cashier);
    expectError(r, 'FORBIDDEN');
    const list = await core.ok('staff:list', {}, tokens.manager);
    expect(list.map((s) => s.username).sort()).toEqual(['cathy', 'manny', 'owner']);
  });
});

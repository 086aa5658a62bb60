import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';

describe('members:register with an operation id', () => {
  it('registers once: a retry returns the first member, another payload is CONFLICT', async () => {
    const { core, tokens } = await makeStaffedCore();
    const opId = randomUUID();
    const input = { name: 'Zhang Wei', phone: '13900001111', opId };
    const first = await core.ok('members:register', input, tokens.cashier);
    const before = snapshotCounts(core);
    const retry = await core.ok('members:register', input, tokens.cashier);
    expect(retry.id).toBe(first.id);
    expect(snapshotCounts(core)).toEqual(before);
    const other = await core.call('members:register', { ...input, name: 'Someone Else' }, tokens.cashier);
    expectError(other, 'CONFLICT');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('without an operation id a repeat is refused as a duplicate phone', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('members:register', { name: 'Zhang Wei', phone: '13900001111' }, tokens.cashier);
    const again = await core.call('members:register', { name: 'Zhang Wei', phone: '13900001111' }, tokens.cashier);
    expect(again.ok || again.error).toMatchObject({ code: 'CONFLICT' });
  });

  it('rejects a malformed operation id', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call(
      'members:register',
      { name: 'Zhang Wei', opId: "1'; DROP TABLE members;--" },
      tokens.cashier,
    );
    expectError(r, 'VALIDATION');
  });
});

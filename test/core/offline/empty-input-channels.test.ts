import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';

/** Channels that take no input: anything else is a VALIDATION error and writes nothing. */
const EMPTY_INPUT = [
  'offline:status',
  'offline:backupList',
  'offline:backupNow',
  'reports:tierDistribution',
  'reports:liability',
] as const;

describe('offline and reports channels without input', () => {
  it('refuse unknown fields, wrong types, huge and SQL-looking payloads', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      { x: 1 },
      null,
      'str',
      [],
      42,
      { "'; DROP TABLE members;--": 1 },
      { big: 'x'.repeat(100_000) },
      { n: Number.NaN },
    ];
    for (const channel of EMPTY_INPUT) {
      for (const input of bad) {
        const r = await core.call(channel, input as never, tokens.owner);
        expectError(r, 'VALIDATION', undefined, `${channel} ${String(JSON.stringify(input)).slice(0, 40)}`);
      }
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('reject callers without a session and cashiers where managers are required', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const channel of EMPTY_INPUT) {
      const anon = await core.call(channel, {});
      expectError(anon, 'UNAUTHENTICATED');
    }
    expect((await core.call('offline:status', {}, tokens.cashier)).ok).toBe(true);
    for (const channel of [
      'offline:backupList',
      'offline:backupNow',
      'reports:liability',
      'reports:tierDistribution',
    ] as const) {
      const r = await core.call(channel, {}, tokens.cashier);
      expectError(r, 'FORBIDDEN');
    }
  });
});

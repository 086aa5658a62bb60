import { describe, expect, it } from 'vitest';
import { expectError } from '../helpers/expect-result';
import { makeStaffedCore, snapshotCounts } from '../helpers/core';
import type { ChannelName } from '../../src/shared/contract';

/**
 * Hostile inputs for every foundation channel: each must come back as VALIDATION and
 * leave every table exactly as it was.
 */
const LONG = 'x'.repeat(100_000);
const SQL = "'; DROP TABLE staff; --";
const STAFF_ID = '01900000-0000-7000-8000-000000000000';

const cases: [ChannelName, unknown][] = [
  ['auth:setupOwner', { username: 'o', displayName: 'O', password: 'x'.repeat(201) }],
  ['auth:setupOwner', { username: SQL, displayName: 'O', password: 'long enough pw' }],
  ['auth:signIn', {}],
  ['auth:signIn', { username: 123, password: 'x' }],
  ['auth:signIn', { username: 'owner', password: LONG }],
  ['auth:signIn', { username: LONG, password: 'x' }],
  ['auth:signIn', { username: 'owner', password: 'x', extra: true }],
  ['auth:signIn', { username: 'own\u0000er', password: 'x' }],
  ['auth:signIn', { username: SQL, password: 'x' }],
  ['auth:signIn', null],
  ['auth:signIn', 'owner'],
  ['auth:signIn', [1, 2]],
  ['auth:status', { surprise: 1 }],
  ['auth:changePassword', { currentPassword: 'a', newPassword: 'short' }],
  ['auth:changePassword', { currentPassword: 'a', newPassword: LONG }],
  ['auth:resetWithCode', { username: 'cathy', code: LONG, newPassword: 'long enough pw' }],
  ['auth:recoverOwner', { username: 'owner', recoveryKey: 'a\nb', newPassword: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: 'N', role: 'owner', password: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: '', role: 'cashier', password: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: '   ', role: 'cashier', password: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: LONG, role: 'cashier', password: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: 'a\u0007b', role: 'cashier', password: 'long enough pw' }],
  ['staff:create', { username: 'has space', displayName: 'N', role: 'cashier', password: 'long enough pw' }],
  ['staff:create', { username: 'new', displayName: 'N', role: 'cashier', password: 'long enough pw', admin: 1 }],
  ['staff:deactivate', { staffId: 'not-an-id' }],
  ['staff:deactivate', { staffId: SQL }],
  ['staff:deactivate', { staffId: 42 }],
  ['staff:deactivate', {}],
  ['staff:issueResetCode', { staffId: STAFF_ID, ttl: 999 }],
  ['audit:list', { limit: 0 }],
  ['audit:list', { limit: 1e9 }],
  ['audit:list', { limit: 2.5 }],
  ['audit:list', { limit: Number.NaN }],
  ['audit:list', { from: -1 }],
  ['audit:list', { before: Number.POSITIVE_INFINITY }],
  ['audit:list', { action: LONG }],
  ['audit:list', { actorId: SQL }],
  ['audit:verify', { deep: true }],
  ['settings:get', { key: 'x' }],
];

describe('foundation channels reject bad input', () => {
  it.each(cases)('%s %j → VALIDATION, nothing written', async (channel, input) => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const r = await core.dispatch(channel, input, { token: tokens.owner });
    expectError(r, 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });
});

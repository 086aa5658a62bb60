import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASHIER, MANAGER, OWNER, makeStaffedCore, snapshotCounts } from '../helpers/core';
import { CALLERS, extractReadmeTable, renderRoleMatrix, roleRows, type Caller } from './role-table';

/**
 * Every channel × (none, cashier, manager, owner), from the same table the README shows.
 * "allowed" means the dispatcher let the call through to validation/handler (an empty
 * input may well be a VALIDATION error); otherwise it must be exactly FORBIDDEN or
 * UNAUTHENTICATED and nothing but the denial's audit record may be written.
 */
const PASSWORDS: Record<Exclude<Caller, 'none'>, { username: string; password: string }> = {
  owner: OWNER,
  manager: MANAGER,
  cashier: CASHIER,
};

describe('role matrix', () => {
  it('every channel answers every caller as the contract says', async () => {
    const { core } = await makeStaffedCore();
    const mismatches: string[] = [];
    for (const row of roleRows()) {
      for (const caller of CALLERS) {
        // A fresh session per call: auth:signOut / auth:lock with {} really sign out / lock.
        let token: string | undefined;
        if (caller !== 'none') {
          const who = PASSWORDS[caller];
          token = (await core.ok('auth:signIn', { username: who.username, password: who.password })).token;
        }
        const before = snapshotCounts(core);
        const r = await core.dispatch(row.channel, {}, { token });
        const code = r.ok ? 'ok' : r.error.code;
        const expected = row.verdicts[caller];
        const denied = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED';
        if (code === 'INTERNAL') mismatches.push(`${row.channel} as ${caller}: INTERNAL`);
        else if (expected === 'allowed' ? denied : code !== expected) {
          mismatches.push(`${row.channel} as ${caller}: expected ${expected}, got ${code}`);
        }
        if (expected !== 'allowed') {
          const after = snapshotCounts(core);
          // The dispatcher audits the denial (one row) and writes nothing else.
          expect({ ...after, audit_log: after.audit_log - 1 }, `${row.channel} as ${caller}`).toEqual(before);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the table has a row for every channel and denies signed-out callers all non-public channels', () => {
    const rows = roleRows();
    for (const r of rows) {
      if (r.access !== 'public') expect(r.verdicts.none).toBe('UNAUTHENTICATED');
      // Nothing a cashier may do is refused to a manager, nothing a manager may do to the owner.
      if (r.verdicts.cashier === 'allowed') expect(r.verdicts.manager).toBe('allowed');
      if (r.verdicts.manager === 'allowed') expect(r.verdicts.owner).toBe('allowed');
    }
  });

  const readmePath = resolve(__dirname, '../../README.md');
  const readmeTable = existsSync(readmePath) ? extractReadmeTable(readFileSync(readmePath, 'utf8')) : null;
  it.skipIf(readmeTable === null)('README.md shows the current table (scripts/role-matrix.ts --write)', () => {
    expect(readmeTable).toBe(renderRoleMatrix());
  });
});

import { existsSync } from 'node:fs';
import { openCore, type Core } from '../../src/main/core/open-core';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';

/**
 * One simulated till: a REAL terminal core on its own SQLite file, with its own (skewed)
 * clock and its network — the same code the app runs, in this process or in a child
 * (terminal-child.ts) that the simulation can SIGKILL. Staff are made on first open; a
 * reopened store signs them in again (sessions live in memory only).
 */
export type Role = 'cashier' | 'manager';

const STAFF = {
  owner: { username: 'owner', displayName: 'Sim Owner', password: 'correct horse battery' },
  manager: { username: 'manny', displayName: 'Sim Manager', password: 'manager pass 42' },
  cashier: { username: 'cathy', displayName: 'Sim Cashier', password: 'cashier pass 42' },
};

export interface TillCore {
  core: Core;
  call<C extends ChannelName>(channel: C, input: InputOf<C>, role?: Role): Promise<Result<OutputOf<C>>>;
  /** Read-only SQL on the store (the invariants look inside). */
  read(sql: string, params?: unknown[]): unknown[];
  close(): void;
}

async function must<T>(p: Promise<Result<T>>, what: string): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export async function openTill(opts: { dbPath: string; now: () => number; fetch: typeof fetch }): Promise<TillCore> {
  const fresh = !existsSync(opts.dbPath);
  const core = openCore({
    dbPath: opts.dbPath,
    now: opts.now,
    bcryptCost: 4,
    allowWeakHashingForTests: true,
    strictContract: true,
    log: { error: () => {} },
    sync: { fetch: opts.fetch, timeoutMs: 10_000 },
  });
  const d = <C extends ChannelName>(channel: C, input: InputOf<C>, token?: string) =>
    core.dispatch(channel, input, { token }) as Promise<Result<OutputOf<C>>>;
  const signIn = async (who: keyof typeof STAFF) =>
    (await must(d('auth:signIn', { username: STAFF[who].username, password: STAFF[who].password }), 'signIn')).token;
  if (fresh) {
    await must(d('auth:setupOwner', STAFF.owner), 'setupOwner');
    const owner = await signIn('owner');
    await must(d('staff:create', { ...STAFF.manager, role: 'manager' }, owner), 'staff manager');
    await must(d('staff:create', { ...STAFF.cashier, role: 'cashier' }, owner), 'staff cashier');
  }
  const tokens: Record<Role, string> = { cashier: await signIn('cashier'), manager: await signIn('manager') };
  return {
    core,
    async call(channel, input, role = 'cashier') {
      const r = await d(channel, input, tokens[role]);
      // The till locked itself while idle (the run moves its clock): the cashier signs in again.
      if (r.ok || (r.error.code !== 'LOCKED' && r.error.code !== 'UNAUTHENTICATED')) return r;
      tokens[role] = await signIn(role);
      return d(channel, input, tokens[role]);
    },
    read: (sql, params = []) => core.db.prepare(sql).all(...params),
    close: () => core.close(),
  };
}

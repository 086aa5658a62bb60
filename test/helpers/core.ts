import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core, type OpenCoreOptions } from '../../src/main/core/open-core';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';

/** A controllable clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(public t = Date.UTC(2026, 10, 25, 9, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface TestCore extends Core {
  dir: string;
  clock: TestClock;
  /** Typed call; returns the raw Result. */
  call<C extends ChannelName>(channel: C, input: InputOf<C>, token?: string): Promise<Result<OutputOf<C>>>;
  /** Typed call that throws on error (for arranging a test). */
  ok<C extends ChannelName>(channel: C, input: InputOf<C>, token?: string): Promise<OutputOf<C>>;
  reopen(): TestCore;
}

const opened: TestCore[] = [];

/**
 * Closes every core a test opened and removes its folder. Registered after each test by
 * test/helpers/after-each.ts (a vitest setup file), not here: in the project that shares
 * modules between files (vitest.config.ts), a hook registered at import would only be
 * registered for the first file.
 */
export function closeOpenedCores(): void {
  for (const c of opened.splice(0)) {
    try {
      c.close();
    } catch {
      /* already closed */
    }
    rmSync(c.dir, { recursive: true, force: true });
  }
}

/**
 * A core on a real SQLite file in a fresh temp folder, removed after the test.
 * bcrypt cost 4 keeps suites fast; production refuses anything below 10.
 */
export function makeCore(opts: Partial<OpenCoreOptions> & { dir?: string; clock?: TestClock } = {}): TestCore {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'perkdesk-test-'));
  const clock = opts.clock ?? new TestClock();
  const core = openCore({
    dbPath: join(dir, 'perkdesk.sqlite'),
    now: clock.now,
    bcryptCost: 4,
    allowWeakHashingForTests: true,
    log: { error: () => {} },
    ...opts,
  });
  const tc: TestCore = Object.assign(core, {
    dir,
    clock,
    call: <C extends ChannelName>(channel: C, input: InputOf<C>, token?: string) =>
      core.dispatch(channel, input, { token }) as Promise<Result<OutputOf<C>>>,
    ok: async <C extends ChannelName>(channel: C, input: InputOf<C>, token?: string) => {
      const r = (await core.dispatch(channel, input, { token })) as Result<OutputOf<C>>;
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    reopen: () => {
      core.close();
      const again = makeCore({ ...opts, dir, clock });
      return again;
    },
  });
  opened.push(tc);
  return tc;
}

export const OWNER = { username: 'owner', displayName: 'Olivia Owner', password: 'correct horse battery' };
export const MANAGER = { username: 'manny', displayName: 'Manny Manager', password: 'manager pass 42' };
export const CASHIER = { username: 'cathy', displayName: 'Cathy Cashier', password: 'cashier pass 42' };

/** A core with an owner, a manager and a cashier, each signed in. */
export async function makeStaffedCore(opts: Parameters<typeof makeCore>[0] = {}) {
  const core = makeCore(opts);
  await core.ok('auth:setupOwner', OWNER);
  const owner = (await core.ok('auth:signIn', { username: OWNER.username, password: OWNER.password })).token;
  await core.ok('staff:create', { ...MANAGER, role: 'manager' }, owner);
  await core.ok('staff:create', { ...CASHIER, role: 'cashier' }, owner);
  const manager = (await core.ok('auth:signIn', { username: MANAGER.username, password: MANAGER.password })).token;
  const cashier = (await core.ok('auth:signIn', { username: CASHIER.username, password: CASHIER.password })).token;
  return { core, tokens: { owner, manager, cashier } };
}

/** Row counts of every table: "nothing written" means this is unchanged. */
export function snapshotCounts(core: Core): Record<string, number> {
  const tables = core.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    out[name] = (core.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return out;
}

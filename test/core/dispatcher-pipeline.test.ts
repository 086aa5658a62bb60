import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeCore, makeStaffedCore, snapshotCounts } from '../helpers/core';
import { CHANNEL_NAMES, REFUSALS, STORE_REFUSALS, contract, type ChannelName } from '../../src/shared/contract';
import { handlers } from '../../src/main/core/areas';
import { refusal } from '../../src/main/core/errors';
import { openCore } from '../../src/main/core/open-core';
import { closeWrites, openWrites } from '../../src/main/core/write-gate';

/**
 * The contract entries carry every rule the dispatcher applies; these tests check the
 * entries are coherent and that the pipeline really applies them.
 */
type Def = {
  input: z.ZodType;
  effect: 'read' | 'write' | 'job';
  idempotent?: true;
  passive?: true;
  whileLocked?: true;
  whileRestoring?: true;
  refusals: readonly string[];
  invalidates?: readonly string[];
  audit?: { action: string; recordedBy?: 'job' };
  approval?: { needed: (input: unknown, output: unknown, call: unknown) => unknown };
  storedResult?: { keep: (output: never) => Record<string, unknown>; reread: string };
  rateLimit?: { bucket: string; burst: number; perSecond: number; audit: string };
};
const def = (c: ChannelName) => contract[c] as unknown as Def;

/** Swaps one handler for the duration of `run` (the dispatcher reads the shared map). */
async function withHandler<T>(channel: ChannelName, replacement: unknown, run: () => Promise<T>): Promise<T> {
  const map = handlers as unknown as Record<string, unknown>;
  const original = map[channel];
  map[channel] = replacement;
  try {
    return await run();
  } finally {
    map[channel] = original;
  }
}

describe('contract entries', () => {
  it('every write is audited by the dispatcher; reads are not; jobs record their own', () => {
    for (const c of CHANNEL_NAMES) {
      const d = def(c);
      if (d.effect === 'write') expect(d.audit && !d.audit.recordedBy, `${c} declares its audit`).toBe(true);
      if (d.effect === 'read') expect(d.audit, `${c} is a read`).toBeUndefined();
      if (d.effect === 'job' && d.audit) expect(d.audit.recordedBy, c).toBe('job');
    }
  });

  it('idempotent channels take an opId; refusals are catalogued, once each', () => {
    for (const c of CHANNEL_NAMES) {
      const d = def(c);
      if (d.idempotent) expect(Object.keys((d.input as z.ZodObject).shape), `${c} has opId`).toContain('opId');
      for (const r of d.refusals) expect(Object.keys(REFUSALS), `${c}: ${r}`).toContain(r);
      expect(new Set(d.refusals).size, `${c} lists a refusal twice`).toBe(d.refusals.length);
    }
  });

  it('invalidates names reads; passive and whileLocked are as the renderer and idle lock expect', () => {
    for (const c of CHANNEL_NAMES) {
      for (const i of def(c).invalidates ?? []) expect(def(i as ChannelName)?.effect, `${c} → ${i}`).toBe('read');
      if (def(c).passive) expect(def(c).effect, c).toBe('read');
    }
    expect(CHANNEL_NAMES.filter((c) => def(c).passive).sort()).toEqual([
      'auth:status',
      'offline:status',
      'staff:alerts',
      'sync:status',
    ]);
    expect(CHANNEL_NAMES.filter((c) => def(c).whileLocked).sort()).toEqual([
      'auth:me',
      'auth:signOut',
      'auth:status',
      'auth:unlock',
    ]);
  });

  it('a stored result is kept by an idempotent write and re-read by a read channel', () => {
    for (const c of CHANNEL_NAMES) {
      const stored = def(c).storedResult;
      if (!stored) continue;
      expect(def(c).idempotent, `${c} is idempotent`).toBe(true);
      expect(def(stored.reread as ChannelName)?.effect, `${c} → ${stored.reread}`).toBe('read');
    }
    expect(CHANNEL_NAMES.filter((c) => def(c).storedResult)).toEqual(['members:register']);
  });

  it('store-wide refusals are the pipeline’s: no channel lists them; only the status reads are served in a restore', () => {
    for (const c of CHANNEL_NAMES) {
      for (const r of STORE_REFUSALS) expect(def(c).refusals, `${c} lists ${r}`).not.toContain(r);
      if (def(c).whileRestoring) expect(def(c).effect, c).toBe('read');
    }
    expect(CHANNEL_NAMES.filter((c) => def(c).whileRestoring).sort()).toEqual([
      'auth:me',
      'auth:status',
      'offline:status',
    ]);
  });
});

describe('dispatcher pipeline', () => {
  it('runs reads on a read-only connection: SQLite refuses a write, nothing changes', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const sneaky = (ctx: { db: { prepare(sql: string): { run(): unknown } } }) => {
      ctx.db.prepare("INSERT INTO meta (key, value) VALUES ('sneaky', 'x')").run();
      return {};
    };
    const r = await withHandler('settings:get', sneaky, () => core.call('settings:get', {}, tokens.cashier));
    expect(r.ok ? 'ok' : r.error.code).toBe('INTERNAL');
    expect(snapshotCounts(core)).toEqual(before);
    // The read-only connection sees the writer's commits.
    await core.ok('settings:update', { storeName: 'Seen by readers' }, tokens.manager);
    expect((await core.ok('settings:get', {}, tokens.cashier)).storeName).toBe('Seen by readers');
  });

  it('shares the settings cache with the read-only connection (a read sees a settings change at once)', async () => {
    const { core, tokens } = await makeStaffedCore();
    expect((await core.ok('reports:liability', {}, tokens.manager)).currency).not.toBe('USD');
    await core.ok('settings:update', { currency: 'USD' }, tokens.manager);
    expect((await core.ok('reports:liability', {}, tokens.manager)).currency).toBe('USD');
  });

  it('an in-memory store reads on the writer made query-only', async () => {
    const core = openCore({ dbPath: ':memory:', bcryptCost: 4, allowWeakHashingForTests: true, log: { error() {} } });
    try {
      await core.dispatch('auth:setupOwner', { username: 'mem', displayName: 'Mem', password: 'in memory only 1' });
      const status = await core.dispatch('auth:status', {});
      expect(status.ok && (status.value as { needsSetup: boolean }).needsSetup).toBe(false);
      const sneaky = (ctx: { db: { prepare(sql: string): { run(): unknown } } }) => {
        ctx.db.prepare("INSERT INTO meta (key, value) VALUES ('sneaky', 'x')").run();
        return {};
      };
      const r = await withHandler('auth:status', sneaky, () => core.dispatch('auth:status', {}));
      expect(r.ok ? 'ok' : r.error.code).toBe('INTERNAL');
      expect(core.db.prepare("SELECT count(*) FROM meta WHERE key = 'sneaky'").pluck().get()).toBe(0);
      // query_only is off again for the next write.
      const signIn = await core.dispatch('auth:signIn', { username: 'mem', password: 'in memory only 1' });
      expect(signIn.ok).toBe(true);
    } finally {
      core.close();
    }
  });

  it('an undeclared refusal is a bug: INTERNAL in strict mode, logged and passed on otherwise', async () => {
    const rogue = () => {
      throw refusal('outOfStock');
    };
    const { core, tokens } = await makeStaffedCore();
    const strict = await withHandler('settings:get', rogue, () => core.call('settings:get', {}, tokens.cashier));
    expect(strict.ok ? 'ok' : strict.error.code).toBe('INTERNAL');

    const logged: string[] = [];
    const lenient = makeCore({ strictContract: false, log: { error: (m) => logged.push(m) } });
    const r = await withHandler('auth:status', rogue, () => lenient.call('auth:status', {}));
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'outOfStock' } });
    expect(logged.join('\n')).toMatch(/auth:status refused with CONFLICT outOfStock/);
  });

  it('while a restore runs refuses every call first with restoreInProgress — reads too, denials unaudited', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    closeWrites(core.config, 'restoreInProgress');
    try {
      const refused = {
        code: 'CONFLICT',
        message: REFUSALS.restoreInProgress.message,
        details: { reason: 'restoreInProgress' },
      };
      const read = await core.call('members:search', { query: 'x' }, tokens.cashier);
      expect(read.ok ? 'ok' : read.error).toEqual(refused);
      const write = await core.call('settings:update', { storeName: 'During' }, tokens.manager);
      expect(write.ok ? 'ok' : write.error).toEqual(refused);
      // Before the session step: no sign-in needed to be told, and nothing audited.
      const anonymous = await core.call('members:search', { query: 'x' });
      expect(anonymous.ok ? 'ok' : anonymous.error).toEqual(refused);
      expect((await core.call('auth:status', {})).ok).toBe(true);
      expect((await core.call('auth:me', {}, tokens.cashier)).ok).toBe(true);
      expect((await core.call('offline:status', {}, tokens.cashier)).ok).toBe(true);
      expect(snapshotCounts(core)).toEqual(before);
    } finally {
      openWrites(core.config);
    }
    expect((await core.call('settings:update', { storeName: 'After' }, tokens.manager)).ok).toBe(true);
  });

  it('commits a failure’s trace only for a declared refusal (keepWrites); an undeclared one rolls back', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const tracing = (ctx: { db: { prepare(sql: string): { run(): unknown } } }) => {
      ctx.db.prepare("INSERT INTO meta (key, value) VALUES ('trace', 'x')").run();
      throw refusal('outOfStock', {}, { keepWrites: true });
    };
    const r = await withHandler('settings:update', tracing, () =>
      core.call('settings:update', { storeName: 'x' }, tokens.manager),
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('INTERNAL');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('a declared refusal keeps its wire shape: code, message, details.reason', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call('points:history', { memberId: '01900000-0000-7000-8000-000000000000' }, tokens.cashier);
    expect(r.ok ? 'ok' : r.error).toEqual({
      code: 'NOT_FOUND',
      message: 'Member not found',
      details: { reason: 'memberNotFound', memberId: '01900000-0000-7000-8000-000000000000' },
    });
  });

  it('writes the declared audit record itself; a handler writing it too is a bug', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.ok('settings:update', { storeName: 'Audited by the pipeline' }, tokens.manager);
    const rows = core.db
      .prepare("SELECT target, details, actor_name FROM audit_log WHERE action = 'settings.changed'")
      .all() as { target: string; details: string; actor_name: string }[];
    expect(rows).toEqual([
      { target: 'storeName', details: expect.stringContaining('Audited by the pipeline'), actor_name: 'manny' },
    ]);

    const before = snapshotCounts(core);
    const original = handlers['settings:update'];
    const doubled = (ctx: { audit: (a: string) => void }, input: never) => {
      ctx.audit('settings.changed');
      return (original as (c: unknown, i: unknown) => unknown)(ctx, input);
    };
    const r = await withHandler('settings:update', doubled, () =>
      core.call('settings:update', { storeName: 'Twice' }, tokens.manager),
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('INTERNAL');
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('replays an idempotent write without running its handler again', async () => {
    const { core, tokens } = await makeStaffedCore();
    let runs = 0;
    const original = handlers['members:register'];
    const counting = (ctx: unknown, input: unknown) => {
      runs++;
      return (original as (c: unknown, i: unknown) => unknown)(ctx, input);
    };
    const input = { name: 'Once Only', phone: '13800138000', opId: '0190a0b0-0000-7000-8000-000000000001' };
    const [a, b] = await withHandler('members:register', counting, async () => [
      await core.ok('members:register', input, tokens.cashier),
      await core.ok('members:register', input, tokens.cashier),
    ]);
    expect(b).toEqual(a);
    expect(runs).toBe(1);
    const again = await core.call('members:register', { ...input, name: 'Someone Else' }, tokens.cashier);
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
    // The log keeps what `storedResult` names (the id), and the replay re-reads the member.
    const stored = core.db.prepare('SELECT result FROM points_operations WHERE op_id = ?').pluck().get(input.opId);
    expect(JSON.parse(stored as string)).toEqual({ memberId: a.id });
    await core.ok('members:update', { memberId: a.id, name: 'Renamed Since' }, tokens.cashier);
    expect(await core.ok('members:register', input, tokens.cashier)).toMatchObject({ id: a.id, name: 'Renamed Since' });
  });

  it('passes zod issue codes and bounds in VALIDATION details', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call('members:register', { name: 'x'.repeat(81), phone: 5 } as never, tokens.cashier);
    expect(r.ok ? 'ok' : r.error.details).toEqual({
      issues: [
        expect.objectContaining({ path: 'name', code: 'too_big', maximum: 80, origin: 'string' }),
        expect.objectContaining({ path: 'phone', code: 'invalid_type', expected: 'string' }),
      ],
    });
    const extra = await core.call('auth:status', { surprise: 1 } as never);
    expect(extra.ok ? 'ok' : extra.error.details).toEqual({
      issues: [expect.objectContaining({ path: '', code: 'unrecognized_keys', keys: ['surprise'] })],
    });
  });

  it('a channel with an approval is a write and declares approvalRequired (the pipeline refuses with it)', () => {
    const approved = CHANNEL_NAMES.filter((c) => def(c).approval);
    expect(approved.sort()).toEqual([
      'members:resetPin',
      'members:revealContact',
      'points:adjust',
      'points:award',
      'points:refund',
      'rewards:void',
    ]);
    for (const c of approved) {
      expect(def(c).effect, c).toBe('write');
      expect(def(c).refusals, c).toContain('approvalRequired');
    }
    for (const c of CHANNEL_NAMES.filter((n) => !def(n).approval)) {
      expect(def(c).refusals, `${c} has no approval`).not.toContain('approvalRequired');
    }
  });

  it('a rate-limited channel declares lookupsThrottled first (the pipeline refuses with it before the handler)', () => {
    const limited = CHANNEL_NAMES.filter((c) => def(c).rateLimit);
    expect(limited.sort()).toEqual(['members:lookupCard', 'members:search']);
    for (const c of limited) expect(def(c).refusals[0], c).toBe('lookupsThrottled');
    for (const c of CHANNEL_NAMES.filter((n) => !def(n).rateLimit)) {
      expect(def(c).refusals, `${c} has no rate limit`).not.toContain('lookupsThrottled');
    }
  });
});

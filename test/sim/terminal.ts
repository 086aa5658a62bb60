import { spawn, type ChildProcess } from 'node:child_process';
import { bundledEntry } from '../../bench/bundled-entry';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelName } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import type { FromChild, ToChild } from './child-protocol';
import { ensureStoreFile, openTill, type Role, type TillCore } from './terminal-core';

/**
 * A till as the scenario drives it, in this process or in a child process. A child till
 * can be SIGKILLed in the middle of a push — before head office saw it, or after head
 * office committed but before the answer reached the till — and is then started again
 * on the same SQLite file. A call cut short by the kill answers `{ ok:false, code KILLED }`:
 * the cashier never saw it confirmed.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
// Bundled once, when the simulation loads (bench/bundled-entry.ts): every child till of the
// run — restarts too — runs the code the parent and head office loaded. Compiled by tsx at
// each spawn, a till started after the sources were edited spoke a newer protocol than the
// head office of the same run (its pulls refused), as a 200-seed run showed.
const CHILD = bundledEntry(new URL('./terminal-child.ts', import.meta.url));

export type KillPhase = 'beforePush' | 'afterPush';

export interface SimTill {
  readonly name: string;
  readonly store: number;
  readonly dbPath: string;
  readonly inChild: boolean;
  terminalId: string;
  kills: number;
  call(channel: ChannelName, input: unknown, role?: Role): Promise<Result<unknown>>;
  read<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Arm a SIGKILL at this till's next push (child tills only); null disarms. */
  armKill(phase: KillPhase | null): void;
  /** Start again on the same file (a child after a kill; a till here closes and reopens). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const KILLED = {
  ok: false as const,
  error: { code: 'INTERNAL' as const, message: 'till killed', details: { killed: true } },
};

interface Common {
  name: string;
  store: number;
  dbPath: string;
  now: () => number;
  fetch: typeof fetch;
}

export async function inProcessTill(o: Common): Promise<SimTill> {
  let core: TillCore = await openTill(o);
  const till: SimTill = {
    name: o.name,
    store: o.store,
    dbPath: o.dbPath,
    inChild: false,
    terminalId: core.core.terminalId,
    kills: 0,
    call: (channel, input, role) => core.call(channel, input as never, role) as Promise<Result<unknown>>,
    read: async <T>(sql: string, params?: unknown[]) => core.read(sql, params) as T[],
    armKill: () => {},
    async restart() {
      core.close();
      core = await openTill(o);
    },
    async close() {
      core.close();
    },
  };
  return till;
}

export async function childTill(o: Common): Promise<SimTill> {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let armed: KillPhase | null = null;
  let next = 0;
  const pending = new Map<number, (m: FromChild) => void>();
  let stderr = '';

  const kill = async () => {
    if (!child) return;
    const c = child;
    child = null;
    c.kill('SIGKILL');
    await exited;
  };

  // The template is copied here, once, rather than migrated again in every child.
  ensureStoreFile(o.dbPath);
  const start = () =>
    new Promise<string>((resolveReady, rejectReady) => {
      const c = spawn(process.execPath, [CHILD], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      child = c;
      c.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      exited = new Promise((r) =>
        c.once('exit', () => {
          for (const [id, answer] of pending) {
            pending.delete(id);
            answer({ t: 'done', id, value: KILLED });
          }
          if (child === c) child = null;
          rejectReady(new Error(`till ${o.name} exited before it was ready: ${stderr}`));
          r();
        }),
      );
      c.on('message', (raw) => {
        const m = raw as FromChild;
        if (m.t === 'ready') resolveReady(m.terminalId);
        else if (m.t === 'fetch') void onFetch(c, m);
        else {
          const answer = pending.get(m.id);
          pending.delete(m.id);
          answer?.(m);
        }
      });
      c.send({ t: 'open', dbPath: o.dbPath, now: o.now() } satisfies ToChild);
    });

  const onFetch = async (c: ChildProcess, m: Extract<FromChild, { t: 'fetch' }>) => {
    const isPush = m.url.endsWith('/v1/sync/push');
    if (isPush && armed === 'beforePush') {
      armed = null;
      till.kills++;
      await kill();
      return;
    }
    let reply: ToChild;
    try {
      const res = await o.fetch(m.url, { method: m.method, headers: m.headers, body: m.body });
      reply = { t: 'fetched', id: m.id, status: res.status, text: await res.text() };
    } catch (err) {
      reply = { t: 'fetched', id: m.id, error: (err as Error).message };
    }
    if (isPush && armed === 'afterPush') {
      // Head office has committed (or refused) the push; the till dies before it hears.
      armed = null;
      till.kills++;
      await kill();
      return;
    }
    if (child === c && c.connected) c.send(reply);
  };

  const ask = (msg: ToChild & { id: number }) =>
    new Promise<FromChild>((r) => {
      if (!child || !child.connected) return r({ t: 'done', id: msg.id, value: KILLED });
      pending.set(msg.id, r);
      child.send(msg);
    });

  const till: SimTill = {
    name: o.name,
    store: o.store,
    dbPath: o.dbPath,
    inChild: true,
    terminalId: await start(),
    kills: 0,
    async call(channel, input, role = 'cashier') {
      const m = await ask({ t: 'call', id: ++next, now: o.now(), channel, input, role });
      if (m.t === 'failed') throw new Error(`till ${o.name} ${channel}: ${m.message}`);
      return (m as { value: Result<unknown> }).value;
    },
    async read<T>(sql: string, params: unknown[] = []) {
      const m = await ask({ t: 'read', id: ++next, sql, params });
      if (m.t !== 'done') throw new Error(`till ${o.name} read: ${(m as { message?: string }).message}`);
      if (m.value === KILLED) throw new Error(`till ${o.name} is not running`);
      return m.value as T[];
    },
    armKill(phase) {
      armed = phase;
    },
    async restart() {
      await kill();
      armed = null;
      await start();
    },
    async close() {
      if (!child) return;
      const c = child;
      child = null;
      c.disconnect();
      await exited;
    },
  };
  return till;
}

import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/bridge';
import {
  BAD_ENVELOPE_MESSAGE,
  readEnvelope,
  registerCoreIpc,
  registerShellIpc,
  UNTRUSTED_SENDER_MESSAGE,
  type IpcListener,
  type IpcMainLike,
} from '../../src/main/ipc-adapter';
import {
  APP_ENTRY_URL,
  isTrustedSender,
  trustedOrigins,
  type FrameFacts,
  type SenderFacts,
  type WindowFacts,
} from '../../src/main/security';
import { makeCore, OWNER, snapshotCounts } from '../helpers/core';
import { FakeRenderFrame } from './fixtures/electron45.mjs';

/** Records handlers the way ipcMain.handle does, and refuses double registration like it. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, IpcListener>();
  handle(channel: string, listener: IpcListener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** What the renderer's ipcRenderer.invoke(channel, ...args) would get back. */
  invoke(event: SenderFacts, channel: string, ...args: unknown[]) {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve(h(event, ...args));
  }
}

const mainFrame: FrameFacts = { url: APP_ENTRY_URL, processId: 7, routingId: 1, parent: null };
const window: WindowFacts = { isDestroyed: false, webContentsId: 3, mainFrame };
const origins = trustedOrigins({ isPackaged: true });
const check = (event: SenderFacts) => isTrustedSender(event, window, origins);

const trusted: SenderFacts = { sender: { id: 3 }, senderFrame: mainFrame };
const hostile: Record<string, SenderFacts> = {
  'another webContents': { sender: { id: 99 }, senderFrame: { ...mainFrame } },
  'a subframe': { sender: { id: 3 }, senderFrame: { ...mainFrame, routingId: 5, parent: mainFrame } },
  'our frame after navigating to http://evil': {
    sender: { id: 3 },
    senderFrame: { ...mainFrame, url: 'http://evil.example/' },
  },
  'a file:// page': { sender: { id: 3 }, senderFrame: { ...mainFrame, url: 'file:///tmp/x.html' } },
  'a destroyed frame': { sender: { id: 3 }, senderFrame: null },
  // Electron's WebFrameMain throws on every read once its render frame is gone.
  'a frame disposed mid-call': {
    sender: { id: 3 },
    senderFrame: (() => {
      const f = new FakeRenderFrame({ url: APP_ENTRY_URL, processId: 7, routingId: 1 });
      const handle = f.handle();
      f.disposed = true;
      return handle;
    })(),
  },
};

function setup() {
  const core = makeCore();
  const ipc = new FakeIpcMain();
  const warnings: string[] = [];
  const dispatched: unknown[] = [];
  const unregister = registerCoreIpc({
    ipcMain: ipc,
    dispatch: (channel, input, meta) => {
      dispatched.push(channel);
      return core.dispatch(channel, input, meta);
    },
    isTrustedSender: check,
    log: { warn: (m) => warnings.push(m), error: () => {} },
  });
  return { core, ipc, warnings, dispatched, unregister };
}

describe('registerCoreIpc with a real core', () => {
  it('registers exactly the contract channels', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('a trusted sender reaches the dispatcher end to end: status, set up, sign in, me', async () => {
    const { ipc } = setup();
    const status = await ipc.invoke(trusted, 'auth:status', { token: null, input: {} });
    expect(status).toMatchObject({ ok: true, value: { needsSetup: true } });

    const setupOwner = await ipc.invoke(trusted, 'auth:setupOwner', { token: null, input: OWNER });
    expect(setupOwner).toMatchObject({ ok: true });

    const signIn = (await ipc.invoke(trusted, 'auth:signIn', {
      token: null,
      input: { username: OWNER.username, password: OWNER.password },
    })) as { ok: true; value: { token: string } };
    expect(signIn.ok).toBe(true);

    const me = await ipc.invoke(trusted, 'auth:me', { token: signIn.value.token, input: {} });
    expect(me).toMatchObject({ ok: true, value: { username: OWNER.username, role: 'owner' } });
  });

  it('passes the token through: no token → UNAUTHENTICATED from the dispatcher', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke(trusted, 'auth:me', { token: null, input: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('invalid input is a VALIDATION Result from the dispatcher, nothing written', async () => {
    const { core, ipc } = setup();
    const before = snapshotCounts(core);
    const r = await ipc.invoke(trusted, 'auth:setupOwner', {
      token: null,
      input: { ...OWNER, password: 'x'.repeat(100_000), extra: "'; DROP TABLE staff; --" },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshotCounts(core)).toEqual(before);
  });

  for (const [name, event] of Object.entries(hostile)) {
    it(`refuses ${name}: FORBIDDEN, the core is never called, nothing written`, async () => {
      const { core, ipc, warnings, dispatched } = setup();
      const before = snapshotCounts(core);
      for (const channel of ['auth:status', 'auth:setupOwner', 'auth:signIn'] as const) {
        const r = await ipc.invoke(event, channel, { token: null, input: channel === 'auth:status' ? {} : OWNER });
        expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: UNTRUSTED_SENDER_MESSAGE } });
      }
      expect(dispatched).toEqual([]);
      expect(snapshotCounts(core)).toEqual(before);
      expect(warnings).toHaveLength(3);
      // The owner was not created by the hostile call.
      expect(await ipc.invoke(trusted, 'auth:status', { token: null, input: {} })).toMatchObject({
        ok: true,
        value: { needsSetup: true },
      });
    });
  }

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'auth:status'],
    ['an array', [null, {}]],
    ['a numeric token', { token: 42, input: {} }],
    ['an object token', { token: { toString: 'x' }, input: {} }],
    ['a huge token', { token: 'x'.repeat(10_000), input: {} }],
    ['a Date', new Date()],
    ['a Map', new Map([['token', null]])],
  ])('a malformed envelope (%s) is a VALIDATION Result, nothing written', async (_name, envelope) => {
    const { core, ipc } = setup();
    const before = snapshotCounts(core);
    const r = await ipc.invoke(trusted, 'auth:setupOwner', envelope);
    expect(r).toEqual({ ok: false, error: { code: 'VALIDATION', message: BAD_ENVELOPE_MESSAGE } });
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('an envelope without a token is treated as signed out', () => {
    expect(readEnvelope({ input: { a: 1 } })).toEqual({ token: null, input: { a: 1 } });
    expect(readEnvelope(Object.assign(Object.create(null), { token: 't', input: 1 }))).toEqual({
      token: 't',
      input: 1,
    });
  });

  it('a dispatcher that throws becomes INTERNAL, not an exception in the renderer', async () => {
    const ipc = new FakeIpcMain();
    const errors: unknown[] = [];
    registerCoreIpc({
      ipcMain: ipc,
      dispatch: () => Promise.reject(new Error('boom')),
      isTrustedSender: check,
      log: { warn: () => {}, error: (_m, e) => errors.push(e) },
      channels: ['auth:status'],
    });
    expect(await ipc.invoke(trusted, 'auth:status', { token: null, input: {} })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(errors).toHaveLength(1);
  });
});

describe('registerShellIpc', () => {
  function shell() {
    const ipc = new FakeIpcMain();
    const services = {
      print: vi.fn(async () => ({ ok: true })),
      chooseFolder: vi.fn(async () => '/home/shop/exports'),
    };
    registerShellIpc({ ipcMain: ipc, services, isTrustedSender: check, log: { warn: () => {}, error: () => {} } });
    return { ipc, services };
  }

  it('serves print and chooseFolder to our window', async () => {
    const { ipc, services } = shell();
    expect(await ipc.invoke(trusted, SHELL_CHANNELS.print)).toEqual({ ok: true });
    expect(await ipc.invoke(trusted, SHELL_CHANNELS.chooseFolder)).toBe('/home/shop/exports');
    expect(services.print).toHaveBeenCalledTimes(1);
    expect(services.chooseFolder).toHaveBeenCalledTimes(1);
  });

  for (const [name, event] of Object.entries(hostile)) {
    it(`refuses ${name} without calling the service`, async () => {
      const { ipc, services } = shell();
      expect(await ipc.invoke(event, SHELL_CHANNELS.print)).toEqual({ ok: false });
      expect(await ipc.invoke(event, SHELL_CHANNELS.chooseFolder)).toBeNull();
      expect(services.print).not.toHaveBeenCalled();
      expect(services.chooseFolder).not.toHaveBeenCalled();
    });
  }

  it('a failing service answers "no" instead of throwing', async () => {
    const ipc = new FakeIpcMain();
    registerShellIpc({
      ipcMain: ipc,
      services: {
        print: () => Promise.reject(new Error('no printer')),
        chooseFolder: () => Promise.reject(new Error('x')),
      },
      isTrustedSender: check,
    });
    expect(await ipc.invoke(trusted, SHELL_CHANNELS.print)).toEqual({ ok: false });
    expect(await ipc.invoke(trusted, SHELL_CHANNELS.chooseFolder)).toBeNull();
  });
});

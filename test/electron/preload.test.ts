import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { SHELL_CHANNELS, type PerkdeskBridge } from '../../src/shared/bridge';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
}));

vi.mock('electron', async () => {
  const { vi: v } = await import('vitest');
  electron.invoke = v.fn(async (channel: string) => ({ ok: true, value: `answer from ${channel}` }));
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: electron.invoke,
      send: () => {
        throw new Error('the preload must not use send');
      },
      on: () => {
        throw new Error('the preload must not listen');
      },
    },
  };
});

let bridge: PerkdeskBridge;
beforeAll(async () => {
  await import('../../src/preload/index');
  bridge = electron.exposed.get('perkdesk') as PerkdeskBridge;
});
beforeEach(() => electron.invoke.mockClear());

describe('preload bridge', () => {
  it('exposes exactly one global, `perkdesk`, with invoke/print/chooseFolder and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['perkdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['chooseFolder', 'host', 'invoke', 'print']);
    expect(bridge.host).toBe('electron');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('never hands out ipcRenderer or anything holding it', () => {
    const values = Object.values(bridge);
    for (const v of values) {
      expect(v).not.toHaveProperty('invoke', electron.invoke);
      expect(v).not.toHaveProperty('send');
      expect(v).not.toHaveProperty('on');
    }
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc/i);
  });

  it('forwards every contract channel with a rebuilt { token, input } envelope', async () => {
    for (const channel of CHANNEL_NAMES) {
      const r = await bridge.invoke(channel, { token: 't0k', input: { a: 1 } });
      expect(r).toEqual({ ok: true, value: `answer from ${channel}` });
    }
    expect(electron.invoke).toHaveBeenCalledTimes(CHANNEL_NAMES.length);
    expect(electron.invoke).toHaveBeenLastCalledWith(CHANNEL_NAMES.at(-1), { token: 't0k', input: { a: 1 } });
  });

  it('drops anything extra a page attaches to the envelope, and non-string tokens', async () => {
    await bridge.invoke('auth:status', { token: null, input: {}, channel: 'staff:create', extra: 1 } as never);
    expect(electron.invoke).toHaveBeenLastCalledWith('auth:status', { token: null, input: {} });
    await bridge.invoke('auth:status', { token: { evil: true }, input: 5 } as never);
    expect(electron.invoke).toHaveBeenLastCalledWith('auth:status', { token: null, input: 5 });
    await bridge.invoke('auth:status', null as never);
    expect(electron.invoke).toHaveBeenLastCalledWith('auth:status', { token: null, input: undefined });
  });

  it.each([
    'shell:print',
    'shell:chooseFolder',
    'staff:createAdmin',
    'AUTH:STATUS',
    'auth:status ',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '',
    'x'.repeat(100_000),
    "auth:status'; DROP TABLE staff; --",
    'ELECTRON_BROWSER_WINDOW_CLOSE',
  ])('refuses channel %j with VALIDATION, never touching ipcRenderer', async (channel) => {
    const r = await bridge.invoke(channel, { token: 'tok', input: {} });
    expect(r).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Unknown channel' } });
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it.each([null, undefined, 42, {}, ['auth:status'], Symbol('x')])(
    'refuses a non-string channel (%s) the same way',
    async (channel) => {
      const r = await bridge.invoke(channel as never, { token: null, input: {} });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(electron.invoke).not.toHaveBeenCalled();
    },
  );

  it('print and chooseFolder go over their own shell channels, with no arguments from the page', async () => {
    await bridge.print();
    expect(electron.invoke).toHaveBeenLastCalledWith(SHELL_CHANNELS.print);
    await (bridge.chooseFolder as (...a: unknown[]) => Promise<unknown>)('/etc', { evil: true });
    expect(electron.invoke).toHaveBeenLastCalledWith(SHELL_CHANNELS.chooseFolder);
  });
});

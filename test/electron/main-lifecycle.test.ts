import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/bridge';
import type { SenderFacts } from '../../src/main/security';
import { makeStaffedCore } from '../helpers/core';
import { safeStorageKeyPath, safeStorageKeyStore } from '../../src/main/key-store';

/**
 * Loads the real src/main/index.ts against a fake `electron` and drives its
 * lifecycle: what happens before ready, then ready → core on a temp SQLite file →
 * IPC → window. The store is real; only Electron is pretend.
 */
type Listener = (...args: unknown[]) => unknown;

/** The OS keychain, reversibly "encrypted": main keeps the store key with it (src/main/key-store.ts). */
const FAKE_SAFE_STORAGE = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from(`fake:${s}`),
  decryptString: (b: Buffer) => b.toString().slice(5),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

const h = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof makeFakeElectron> }));

function makeFakeElectron(opts: { userData: string; gotLock?: boolean }) {
  const order: string[] = [];
  let fireReady!: () => void;
  const ready = new Promise<void>((r) => (fireReady = r));
  const appListeners = new Map<string, Listener[]>();
  const ipcHandlers = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  const mainFrame = { url: 'app://perkdesk/index.html', processId: 11, routingId: 1, parent: null };

  class FakeWindow {
    listeners = new Map<string, Listener[]>();
    webContents = {
      id: 21,
      mainFrame,
      isDestroyed: () => false,
      print: vi.fn(),
      reload: vi.fn(),
      on: vi.fn(),
      setWindowOpenHandler: vi.fn(),
    };
    loadURL = vi.fn(async (url: string) => {
      order.push(`loadURL ${url}`);
    });
    constructor(readonly options: Record<string, unknown>) {
      order.push('BrowserWindow');
      windows.push(this);
    }
    once(event: string, fn: Listener) {
      this.on(event, fn);
    }
    on(event: string, fn: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
  }

  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  };

  const electron = {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: vi.fn(() => {
        order.push('requestSingleInstanceLock');
        return opts.gotLock ?? true;
      }),
      enableSandbox: vi.fn(() => order.push('enableSandbox')),
      on: (event: string, fn: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), fn]),
      whenReady: () => {
        order.push('whenReady');
        return ready;
      },
      getPath: (name: string) => (name === 'userData' ? opts.userData : tmpdir()),
      getAppPath: () => opts.userData,
      quit: vi.fn(() => order.push('quit')),
      exit: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string) => order.push(`protocol.handle ${scheme}`)),
    },
    session: { defaultSession: session },
    ipcMain: {
      handle: (channel: string, fn: Listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, fn);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    dialog: {
      showMessageBox: vi.fn(async () => ({ response: 0 })),
      showErrorBox: vi.fn(),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    },
    Menu: { setApplicationMenu: vi.fn() },
    BrowserWindow: FakeWindow,
    safeStorage: FAKE_SAFE_STORAGE,
  };
  const emitApp = (event: string, ...args: unknown[]) => (appListeners.get(event) ?? []).forEach((fn) => fn(...args));
  return { electron, order, fireReady, ipcHandlers, windows, session, mainFrame, emitApp, appListeners };
}

vi.mock('electron', () => {
  // Every property is read at use time, so each test's fresh fake is the one used.
  const keys = ['app', 'protocol', 'session', 'ipcMain', 'dialog', 'Menu', 'BrowserWindow', 'safeStorage'] as const;
  const mod: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(mod, k, { enumerable: true, get: () => h.current.electron[k] });
  return mod;
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perkdesk-main-'));
  vi.resetModules();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  h.current?.emitApp('will-quit'); // closes the core so the temp folder can go
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A SQLite file that opens but fails quick_check (page 3's cell pointers smashed). */
function writeDamagedDatabase(path: string) {
  const db = new Database(path);
  db.exec('CREATE TABLE t(a TEXT); CREATE INDEX ti ON t(a);');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${' '.repeat(50)}`);
  })();
  db.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(40, 0xff), 0, 40, 2 * 4096 + 8);
  closeSync(fd);
}

function dialogs(fake: ReturnType<typeof makeFakeElectron>) {
  return fake.electron.dialog.showMessageBox.mock.calls.map((c) => (c as unknown[])[0] as Record<string, unknown>);
}

async function boot(opts: { gotLock?: boolean; dbFile?: string } = {}) {
  vi.stubEnv('PERKDESK_DB', opts.dbFile ?? join(dir, 'data', 'perkdesk.sqlite'));
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  h.current = makeFakeElectron({ userData: dir, gotLock: opts.gotLock });
  await import('../../src/main/index');
  return h.current;
}

describe('src/main/index.ts lifecycle', () => {
  it('before ready: registers app:// as privileged, enables the sandbox, takes the single-instance lock', async () => {
    const fake = await boot();
    expect(fake.order).toEqual([
      'registerSchemesAsPrivileged',
      'enableSandbox',
      'requestSingleInstanceLock',
      'whenReady',
    ]);
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    expect(fake.windows).toHaveLength(0);
  });

  it('a second instance quits at once and opens nothing', async () => {
    const fake = await boot({ gotLock: false });
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.order).not.toContain('whenReady');
    expect(fake.windows).toHaveLength(0);
  });

  it('on ready: opens the core, serves app://, hardens the session, registers IPC, then creates the window', async () => {
    const fake = await boot();
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    expect(fake.order.slice(4)).toEqual(['protocol.handle app', 'BrowserWindow', 'loadURL app://perkdesk/index.html']);
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(fake.session.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(
      [...CHANNEL_NAMES, SHELL_CHANNELS.print, SHELL_CHANNELS.chooseFolder].sort(),
    );
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('IPC from our window reaches the real core; from anywhere else it is refused', async () => {
    const fake = await boot();
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const status = fake.ipcHandlers.get('auth:status')!;
    const ours: SenderFacts = { sender: { id: 21 }, senderFrame: fake.mainFrame };
    expect(await status(ours, { token: null, input: {} })).toMatchObject({ ok: true, value: { needsSetup: true } });
    const otherWindow: SenderFacts = { sender: { id: 22 }, senderFrame: { ...fake.mainFrame, processId: 12 } };
    expect(await status(otherWindow, { token: null, input: {} })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const navigatedAway: SenderFacts = { sender: { id: 21 }, senderFrame: { ...fake.mainFrame, url: 'https://evil/' } };
    expect(await status(navigatedAway, { token: null, input: {} })).toMatchObject({ ok: false });
    expect(await fake.ipcHandlers.get(SHELL_CHANNELS.chooseFolder)!(navigatedAway)).toBeNull();
    expect(fake.electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('a damaged database without backups: explains it, offers the restore, finds nothing, opens no window', async () => {
    const dbFile = join(dir, 'damaged.sqlite');
    writeDamagedDatabase(dbFile);
    const fake = await boot({ dbFile });
    fake.fireReady();
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled());
    const [first, second] = dialogs(fake);
    expect(first).toMatchObject({ type: 'error', message: 'The PerkDesk database is damaged' });
    expect(first!.buttons).toEqual(['Restore latest backup', 'Quit']);
    expect(second).toMatchObject({ message: 'No backup was restored' });
    expect(String(second!.detail)).toContain('No usable backup');
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('a damaged database with a good backup: shows the backup, restores it on yes, keeps the damaged file, starts', async () => {
    const data = join(dir, 'data');
    // Made with the app's key store: the restored backup's audit chain is keyed with it.
    const keyStore = safeStorageKeyStore(safeStorageKeyPath(join(data, 'perkdesk.sqlite')), FAKE_SAFE_STORAGE);
    const { core, tokens } = await makeStaffedCore({ dir: data, keyStore });
    const backup = await core.ok('offline:backupNow', {}, tokens.owner);
    core.close();
    const dbFile = join(data, 'perkdesk.sqlite');
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
    writeDamagedDatabase(dbFile);

    const fake = await boot({ dbFile });
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const [first, confirm] = dialogs(fake);
    expect(first).toMatchObject({ message: 'The PerkDesk database is damaged' });
    expect(confirm).toMatchObject({ type: 'question', message: 'Restore this backup?', buttons: ['Restore', 'Quit'] });
    expect(String(confirm!.detail)).toContain(backup.name);
    // The restored store is the backup: the owner exists again.
    const ours: SenderFacts = { sender: { id: 21 }, senderFrame: fake.mainFrame };
    const status = await fake.ipcHandlers.get('auth:status')!(ours, { token: null, input: {} });
    expect(status).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(readdirSync(data).some((f) => f.startsWith('perkdesk.sqlite.damaged-'))).toBe(true);
  });

  it('a damaged database: declining the shown backup quits without touching anything', async () => {
    const data = join(dir, 'data');
    const { core, tokens } = await makeStaffedCore({ dir: data });
    await core.ok('offline:backupNow', {}, tokens.owner);
    core.close();
    const dbFile = join(data, 'perkdesk.sqlite');
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
    writeDamagedDatabase(dbFile);

    const fake = await boot({ dbFile });
    fake.electron.dialog.showMessageBox
      .mockResolvedValueOnce({ response: 0 }) // Restore latest backup
      .mockResolvedValueOnce({ response: 1 }); // ...but not this one: Quit
    fake.fireReady();
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled());
    expect(dialogs(fake)).toHaveLength(2);
    expect(fake.windows).toHaveLength(0);
    expect(readdirSync(data).some((f) => f.includes('.damaged-'))).toBe(false);
  });

  it('a crashed renderer is reloaded; a clean exit is not', async () => {
    const fake = await boot();
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const contents = fake.windows[0]!.webContents;
    const call = contents.on.mock.calls.find((c) => c[0] === 'render-process-gone');
    const onGone = call![1] as (event: unknown, details: { reason: string; exitCode: number }) => void;
    onGone({}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reload).not.toHaveBeenCalled();
    onGone({}, { reason: 'oom', exitCode: 9 });
    expect(contents.reload).toHaveBeenCalledTimes(1);
  });

  it('a second launch focuses the existing window', async () => {
    const fake = await boot();
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    fake.emitApp('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
  });

  it('every webContents created later is hardened (navigation and window.open denied)', async () => {
    const fake = await boot();
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    fake.emitApp('web-contents-created', {}, contents);
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(['will-navigate', 'will-redirect', 'will-attach-webview']);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/bridge';
import type { SenderFacts } from '../../src/main/security';
import { makeStaffedCore } from '../helpers/core';
import { FakeRenderFrame, FakeWebContents, ipcEvent, navigate, protocolRequest } from './fixtures/electron45.mjs';
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

interface FakeOptions {
  userData: string;
  gotLock?: boolean;
  isPackaged?: boolean;
  argv?: string[];
  switches?: string[];
  workArea?: { x: number; y: number; width: number; height: number };
}

/**
 * Electron as main meets it, with the Electron 45 behaviours that matter here: creating
 * a BrowserWindow fires `web-contents-created` for its webContents (a real
 * EventEmitter), `mainFrame` and `senderFrame` are fresh objects on every lookup,
 * navigation events have Electron 45's shape, and app:// requests reach the protocol
 * handler canonicalised (fixtures/electron45.mjs).
 */
function makeFakeElectron(opts: FakeOptions) {
  const order: string[] = [];
  let fireReady!: () => void;
  const ready = new Promise<void>((r) => (fireReady = r));
  const appListeners = new Map<string, Listener[]>();
  const ipcHandlers = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  let protocolHandler: ((request: Request) => Promise<Response>) | null = null;
  let nextContentsId = 21;
  const workArea = opts.workArea ?? { x: 0, y: 0, width: 1920, height: 1040 };
  const emitApp = (event: string, ...args: unknown[]) => (appListeners.get(event) ?? []).forEach((fn) => fn(...args));

  class FakeWindow {
    listeners = new Map<string, Listener[]>();
    webContents = new FakeWebContents({ id: nextContentsId++ });
    calls: string[] = [];
    kiosk: boolean;
    maximized = false;
    loadURL = vi.fn(async (url: string) => {
      order.push(`loadURL ${url}`);
    });
    constructor(readonly options: Record<string, unknown>) {
      order.push('BrowserWindow');
      this.kiosk = options.kiosk === true;
      windows.push(this);
      vi.spyOn(this.webContents, 'reload');
      // As in Electron: the new webContents is announced before the constructor returns.
      emitApp('web-contents-created', { preventDefault() {} }, this.webContents);
    }
    once(event: string, fn: Listener) {
      this.on(event, fn);
    }
    on(event: string, fn: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(event) ?? []) fn(...args);
    }
    getBounds() {
      const o = this.options as { x: number; y: number; width: number; height: number };
      return { x: o.x, y: o.y, width: o.width + 16, height: o.height + 39 };
    }
    getContentBounds() {
      const o = this.options as { x: number; y: number; width: number; height: number };
      return { x: o.x + 8, y: o.y + 31, width: o.width, height: o.height };
    }
    setMinimumSize = vi.fn();
    setContentSize = vi.fn();
    setPosition = vi.fn();
    isKiosk = () => this.kiosk;
    setKiosk = (flag: boolean) => {
      this.calls.push(`setKiosk(${flag})`);
      this.kiosk = flag;
    };
    isMaximized = () => this.maximized;
    maximize = () => {
      this.calls.push('maximize');
      this.maximized = true;
    };
    unmaximize = () => {
      this.calls.push('unmaximize');
      this.maximized = false;
    };
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
  const display = { workArea, workAreaSize: { width: workArea.width, height: workArea.height } };

  const electron = {
    app: {
      isPackaged: opts.isPackaged ?? false,
      commandLine: { hasSwitch: vi.fn((name: string) => (opts.switches ?? []).includes(name)) },
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
      exit: vi.fn((code: number) => order.push(`exit ${code}`)),
      relaunch: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
        order.push(`protocol.handle ${scheme}`);
        protocolHandler = handler;
      }),
    },
    session: { defaultSession: session },
    screen: {
      getCursorScreenPoint: () => ({ x: 10, y: 10 }),
      getDisplayNearestPoint: () => display,
      getPrimaryDisplay: () => display,
      getDisplayMatching: () => display,
    },
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
    Menu: {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    },
    BrowserWindow: FakeWindow,
    safeStorage: FAKE_SAFE_STORAGE,
  };
  /** The renderer fetching an app:// URL: Chromium canonicalises it first. */
  const fetchApp = (url: string) => {
    if (!protocolHandler) throw new Error('no app:// handler');
    return protocolHandler(protocolRequest(url));
  };
  return { electron, order, fireReady, ipcHandlers, windows, session, emitApp, appListeners, fetchApp };
}

vi.mock('electron', () => {
  // Every property is read at use time, so each test's fresh fake is the one used.
  const keys = [
    'app',
    'protocol',
    'session',
    'screen',
    'ipcMain',
    'dialog',
    'Menu',
    'BrowserWindow',
    'safeStorage',
  ] as const;
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

async function boot(opts: Omit<FakeOptions, 'userData'> & { dbFile?: string } = {}) {
  vi.stubEnv('PERKDESK_DB', opts.dbFile ?? join(dir, 'data', 'perkdesk.sqlite'));
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  h.current = makeFakeElectron({ userData: dir, ...opts });
  const argv = process.argv;
  process.argv = opts.argv ?? ['/opt/PerkDesk/perkdesk'];
  try {
    await import('../../src/main/index');
  } finally {
    process.argv = argv;
  }
  return h.current;
}

/** Boots on `platform` (as process.platform), fires ready and waits for the window. */
async function bootToWindow(opts: Parameters<typeof boot>[0] & { platform?: NodeJS.Platform } = {}) {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
  if (opts.platform) Object.defineProperty(process, 'platform', { ...platform, value: opts.platform });
  try {
    const fake = await boot(opts);
    fake.fireReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    return fake;
  } finally {
    Object.defineProperty(process, 'platform', platform);
  }
}

/** An IPC call from our window's main frame, with a senderFrame looked up afresh. */
function fromOurWindow(fake: ReturnType<typeof makeFakeElectron>): SenderFacts {
  const contents = fake.windows[0]!.webContents;
  return ipcEvent(contents, contents.frame) as unknown as SenderFacts;
}

async function signInOwner(fake: ReturnType<typeof makeFakeElectron>): Promise<string> {
  const call = (channel: string, input: unknown, token: string | null = null) =>
    fake.ipcHandlers.get(channel)!(fromOurWindow(fake), { token, input }) as Promise<{
      ok: boolean;
      value: Record<string, unknown>;
    }>;
  await call('auth:setupOwner', { username: 'owner', displayName: 'Olivia Owner', password: 'correct horse battery' });
  const r = await call('auth:signIn', { username: 'owner', password: 'correct horse battery' });
  return r.value.token as string;
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

  it.each([
    [['/opt/PerkDesk/perkdesk', '--remote-debugging-port=9222'], []],
    [['/opt/PerkDesk/perkdesk', '--inspect-brk=0.0.0.0:9229'], []],
    [['/opt/PerkDesk/perkdesk'], ['no-sandbox']],
  ])(
    'packaged, started with %j (switches held: %j): explains, exits 1, never gets to ready',
    async (argv, switches) => {
      const fake = await boot({ isPackaged: true, argv, switches });
      expect(fake.electron.app.exit).toHaveBeenCalledWith(1);
      expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith(
        'PerkDesk',
        expect.stringMatching(/does not start/),
      );
      expect(fake.order).not.toContain('whenReady');
      expect(fake.order).not.toContain('requestSingleInstanceLock');
      fake.fireReady();
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.windows).toHaveLength(0);
    },
  );

  it('a development build started the way npm run dev and Playwright start it only warns, then starts', async () => {
    const fake = await bootToWindow({
      argv: ['/repo/node_modules/electron/dist/electron', '--inspect=0', '--remote-debugging-port=0', '/repo'],
    });
    expect(fake.electron.app.exit).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringMatching(/--inspect, --remote-debugging-port.*development build/),
    );
  });

  it('on ready: opens the core, serves app://, hardens the session, registers IPC, then creates the window', async () => {
    const fake = await bootToWindow();
    expect(fake.order.slice(4)).toEqual(['protocol.handle app', 'BrowserWindow', 'loadURL app://perkdesk/index.html']);
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(fake.session.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(
      [...CHANNEL_NAMES, SHELL_CHANNELS.print, SHELL_CHANNELS.chooseFolder].sort(),
    );
    const options = fake.windows[0]!.options;
    expect(options).toMatchObject({ useContentSize: true, minWidth: 1024, minHeight: 768, kiosk: false });
    const prefs = options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('serves the renderer to app:// requests as Chromium canonicalises them, and nothing outside it', async () => {
    const fake = await bootToWindow();
    // Unbuilt, main's renderer folder is src/renderer (builtPaths: ../renderer from src/main).
    const page = await fake.fetchApp('app://PERKDESK/assets/../index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Content-Security-Policy');
    for (const url of ['app://perkdesk/..%2f..%2fpackage.json', 'app://perkdesk/%2e%2e/%2e%2e/package.json']) {
      const escape = await fake.fetchApp(url);
      expect(escape.status, url).toBe(404);
      expect(await escape.text()).not.toContain('"name"');
    }
  });

  it('IPC from our window reaches the real core; from anywhere else it is refused', async () => {
    const fake = await bootToWindow();
    const status = fake.ipcHandlers.get('auth:status')!;
    const ours = fromOurWindow(fake);
    expect(ours.senderFrame).not.toBe(fake.windows[0]!.webContents.mainFrame);
    expect(await status(ours, { token: null, input: {} })).toMatchObject({ ok: true, value: { needsSetup: true } });
    const other = new FakeWebContents({ id: 22, processId: 12 });
    expect(await status(ipcEvent(other, other.frame), { token: null, input: {} })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const contents = fake.windows[0]!.webContents;
    const iframe = new FakeRenderFrame({
      url: 'app://perkdesk/index.html',
      processId: 11,
      routingId: 5,
      parent: contents.frame,
    });
    expect(await status(ipcEvent(contents, iframe), { token: null, input: {} })).toMatchObject({ ok: false });
    contents.frame.url = 'https://evil/';
    const navigatedAway = fromOurWindow(fake);
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
    const status = await fake.ipcHandlers.get('auth:status')!(fromOurWindow(fake), { token: null, input: {} });
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

  it('a crashed renderer is reloaded, and IPC from the new renderer process is trusted; a clean exit is not reloaded', async () => {
    const fake = await bootToWindow();
    const contents = fake.windows[0]!.webContents;
    contents.emit('render-process-gone', { preventDefault() {} }, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reload).not.toHaveBeenCalled();
    const before = fromOurWindow(fake);
    contents.emit('render-process-gone', { preventDefault() {} }, { reason: 'oom', exitCode: 9 });
    expect(contents.reload).toHaveBeenCalledTimes(1);
    const status = fake.ipcHandlers.get('auth:status')!;
    expect(await status(fromOurWindow(fake), { token: null, input: {} })).toMatchObject({ ok: true });
    expect(await status(before, { token: null, input: {} })).toMatchObject({ ok: false });
  });

  it('a second launch focuses the existing window', async () => {
    const fake = await bootToWindow();
    fake.emitApp('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
  });

  it("the window's webContents is hardened through web-contents-created: navigation of any frame and window.open denied", async () => {
    const fake = await bootToWindow();
    const contents = fake.windows[0]!.webContents;
    expect(navigate(contents, contents.frame, 'https://evil.example/')).toEqual({ cancelled: true });
    const iframe = new FakeRenderFrame({ url: 'about:blank', processId: 11, routingId: 5, parent: contents.frame });
    expect(navigate(contents, iframe, 'https://evil.example/')).toEqual({ cancelled: true });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('every webContents created later is hardened too (a devtools page, a stray popup)', async () => {
    const fake = await boot();
    const later = new FakeWebContents({ id: 40 });
    fake.emitApp('web-contents-created', { preventDefault() {} }, later);
    expect(navigate(later, later.frame, 'https://evil.example/')).toEqual({ cancelled: true });
    expect(later.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('packaged on macOS: an application menu with the app and Edit roles', async () => {
    const fake = await bootToWindow({ isPackaged: true, platform: 'darwin' });
    const installed = fake.electron.Menu.setApplicationMenu.mock.calls[0]![0] as { template: { role: string }[] };
    expect(installed.template.map((m) => m.role)).toEqual(['appMenu', 'editMenu']);
  });

  it.each(['win32', 'linux'] as const)('packaged on %s: no menu at all', async (platform) => {
    const fake = await bootToWindow({ isPackaged: true, platform });
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(fake.electron.Menu.buildFromTemplate).not.toHaveBeenCalled();
  });

  it('sizes the window from the work area: a 1366×768 screen with a taskbar gets a window that fits, maximised', async () => {
    const fake = await bootToWindow({ workArea: { x: 0, y: 0, width: 1366, height: 728 } });
    const win = fake.windows[0]!;
    expect((win.options.height as number) + 39).toBeLessThanOrEqual(728);
    win.emit('ready-to-show');
    expect(win.calls).toEqual(['maximize']);
    expect(win.show).toHaveBeenCalled();
  });

  it('counter mode: applied at start from the store and again the moment a manager changes it', async () => {
    const first = await bootToWindow();
    const token = await signInOwner(first);
    const update = (input: unknown) =>
      first.ipcHandlers.get('settings:update')!(fromOurWindow(first), { token, input });
    await update({ counterMode: 'kiosk' });
    expect(first.windows[0]!.calls).toEqual(['setKiosk(true)']);
    await update({ counterMode: 'maximized' });
    expect(first.windows[0]!.calls).toEqual(['setKiosk(true)', 'setKiosk(false)', 'maximize']);
    await update({ counterMode: 'kiosk' });
    first.emitApp('will-quit');

    // Restarted on the same store: the window is created in kiosk mode.
    vi.resetModules();
    const second = await bootToWindow();
    expect(second.windows[0]!.options.kiosk).toBe(true);
  });

  it('the folder picker opens at the configured export folder', async () => {
    const fake = await bootToWindow();
    const token = await signInOwner(fake);
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    await fake.ipcHandlers.get('settings:update')!(fromOurWindow(fake), { token, input: { exportDir: exports } });
    await fake.ipcHandlers.get(SHELL_CHANNELS.chooseFolder)!(fromOurWindow(fake));
    const [, options] = fake.electron.dialog.showOpenDialog.mock.calls[0] as unknown as [
      unknown,
      { defaultPath: string },
    ];
    expect(options.defaultPath).toBe(exports);
  });

  it('a cancelled print is not an error', async () => {
    const fake = await bootToWindow();
    fake.windows[0]!.webContents.printOutcome = { success: false, failureReason: 'Print job canceled' };
    expect(await fake.ipcHandlers.get(SHELL_CHANNELS.print)!(fromOurWindow(fake))).toEqual({
      ok: true,
      cancelled: true,
    });
  });
});

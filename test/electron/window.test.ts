import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// Electron can't load here: the shell is tested against a hand-made BrowserWindow.
const created = vi.hoisted(() => [] as { options: unknown; loadURL: (url: string) => Promise<void> }[]);
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    webContents = { id: 3, isDestroyed: () => false, mainFrame: { url: 'app://perkdesk/index.html' } };
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    isDestroyed = () => false;
    constructor(options: unknown) {
      super();
      created.push({ options, loadURL: this.loadURL });
    }
  }
  return { BrowserWindow };
});

const { createMainWindow, hardenSession, hardenWebContents, windowFactsOf, MIN_HEIGHT, MIN_WIDTH } =
  await import('../../src/main/window');
const { APP_ENTRY_URL, trustedOrigins } = await import('../../src/main/security');

function createdOptions(isPackaged: boolean) {
  created.length = 0;
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', isPackaged, entryUrl: APP_ENTRY_URL });
  return created[0]!.options as Electron.BrowserWindowConstructorOptions;
}

describe('createMainWindow', () => {
  it('sets every security-relevant webPreference explicitly', () => {
    expect(createdOptions(true).webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });

  it('allows devtools only when not packaged', () => {
    expect(createdOptions(false).webPreferences?.devTools).toBe(true);
  });

  it('is at least 1024×768 and hidden until painted', () => {
    const o = createdOptions(true);
    expect([MIN_WIDTH, MIN_HEIGHT]).toEqual([1024, 768]);
    expect(o.minWidth).toBe(1024);
    expect(o.minHeight).toBe(768);
    expect(o.width!).toBeGreaterThanOrEqual(1024);
    expect(o.height!).toBeGreaterThanOrEqual(768);
    expect(o.show).toBe(false);
  });

  it('the preload is the CommonJS bundle (sandboxed preloads cannot be ES modules)', async () => {
    const { builtPaths } = await import('../../src/main/paths');
    expect(builtPaths('/app/out/main').preload).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads the given entry URL and shows the window once painted', () => {
    created.length = 0;
    const win = createMainWindow({ preloadPath: '/p.cjs', isPackaged: true, entryUrl: APP_ENTRY_URL });
    expect(created).toHaveLength(1);
    expect(created[0]!.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(win.show).not.toHaveBeenCalled();
    (win as unknown as EventEmitter).emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    expect(windowFactsOf(win)).toMatchObject({ isDestroyed: false, webContentsId: 3 });
    expect(windowFactsOf(null)).toBeNull();
  });
});

/** A webContents stand-in: real events, a recorded window-open handler. */
function fakeContents() {
  const emitter = new EventEmitter() as EventEmitter & {
    openHandler?: (details: { url: string }) => { action: string };
    setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void;
  };
  emitter.setWindowOpenHandler = (h) => {
    emitter.openHandler = h;
  };
  return emitter;
}

const preventable = () => ({ preventDefault: vi.fn() });

describe('hardenWebContents', () => {
  it.each([
    'https://evil.example/phish',
    'file:///etc/passwd',
    'app://perkdesk/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,hi',
  ])('denies navigation and redirects to %s', (url) => {
    const contents = fakeContents();
    const log = vi.fn();
    hardenWebContents(contents as never, log);
    const nav = preventable();
    contents.emit('will-navigate', nav, url);
    expect(nav.preventDefault).toHaveBeenCalled();
    const redirect = preventable();
    contents.emit('will-redirect', redirect, url);
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('denies window.open and <webview>', () => {
    const contents = fakeContents();
    hardenWebContents(contents as never);
    for (const url of ['https://evil.example/', 'app://perkdesk/index.html', 'about:blank']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    const attach = preventable();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const s = {
      request: undefined as undefined | ((...a: unknown[]) => void),
      check: undefined as undefined | ((...a: unknown[]) => boolean),
      device: undefined as undefined | ((...a: unknown[]) => boolean),
      beforeRequest: undefined as
        undefined | ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
      setPermissionRequestHandler(h: (...a: unknown[]) => void) {
        s.request = h;
      },
      setPermissionCheckHandler(h: (...a: unknown[]) => boolean) {
        s.check = h;
      },
      setDevicePermissionHandler(h: (...a: unknown[]) => boolean) {
        s.device = h;
      },
      webRequest: {
        onBeforeRequest(h: (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) {
          s.beforeRequest = h;
        },
      },
    };
    return s;
  }

  it('denies every permission request, check and device request', () => {
    const s = fakeSession();
    hardenSession(s as never, trustedOrigins({ isPackaged: true }));
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'hid']) {
      const callback = vi.fn();
      s.request!({}, permission, callback, { requestingUrl: APP_ENTRY_URL });
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.check!({}, permission, 'app://perkdesk', {})).toBe(false);
    }
    expect(s.device!({ deviceType: 'usb', origin: 'app://perkdesk' })).toBe(false);
  });

  it('cancels requests to anything but our origin', () => {
    const s = fakeSession();
    hardenSession(s as never, trustedOrigins({ isPackaged: true }));
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      s.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('app://perkdesk/assets/app.js')).toBe(false);
    expect(decide('data:image/png;base64,AA')).toBe(false);
    expect(decide('https://cdn.example/lib.js')).toBe(true);
    expect(decide('http://localhost:5173/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// Electron can't load here: the shell is tested against a hand-made BrowserWindow that
// keeps its bounds, kiosk and maximised state the way the real one does.
type Bounds = { x: number; y: number; width: number; height: number };
const created = vi.hoisted(
  () =>
    [] as {
      options: Record<string, unknown>;
      loadURL: (url: string) => Promise<void>;
      calls: string[];
    }[],
);
const frame = vi.hoisted(() => ({ width: 16, height: 39 }));
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { FakeWebContents } = await import('./fixtures/electron45.mjs');
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents({ id: 3 });
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    isDestroyed = () => false;
    calls: string[] = [];
    content: Bounds;
    kiosk: boolean;
    maximized = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const o = options as { x: number; y: number; width: number; height: number; kiosk?: boolean };
      this.content = { x: o.x + frame.width / 2, y: o.y + frame.height - 8, width: o.width, height: o.height };
      this.kiosk = o.kiosk === true;
      created.push({ options, loadURL: this.loadURL, calls: this.calls });
    }
    getBounds(): Bounds {
      const c = this.content;
      return {
        x: c.x - frame.width / 2,
        y: c.y - (frame.height - 8),
        width: c.width + frame.width,
        height: c.height + frame.height,
      };
    }
    getContentBounds = () => ({ ...this.content });
    setMinimumSize = (w: number, h: number) => this.calls.push(`setMinimumSize(${w}, ${h})`);
    setContentSize = (w: number, h: number) => {
      this.calls.push(`setContentSize(${w}, ${h})`);
      this.content = { ...this.content, width: w, height: h };
    };
    setPosition = (x: number, y: number) => {
      this.calls.push(`setPosition(${x}, ${y})`);
      this.content = { ...this.content, x: x + frame.width / 2, y: y + frame.height - 8 };
    };
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
  }
  return { BrowserWindow };
});

const {
  createMainWindow,
  hardenSession,
  hardenWebContents,
  setCounterMode,
  windowFactsOf,
  workAreaForNewWindow,
  MIN_HEIGHT,
  MIN_WIDTH,
} = await import('../../src/main/window');
const { APP_ENTRY_URL, trustedOrigins } = await import('../../src/main/security');
const { FakeRenderFrame, FakeWebContents, navigate, redirect } = await import('./fixtures/electron45.mjs');

const FULL_HD = { x: 0, y: 0, width: 1920, height: 1040 };
const SMALL = { x: 0, y: 0, width: 1366, height: 728 };

function open(opts: { isPackaged?: boolean; workArea?: Bounds; counterMode?: 'window' | 'maximized' | 'kiosk' } = {}) {
  created.length = 0;
  const win = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    isPackaged: opts.isPackaged ?? true,
    entryUrl: APP_ENTRY_URL,
    workArea: opts.workArea ?? FULL_HD,
    counterMode: opts.counterMode ?? 'window',
  });
  return { win: win as unknown as EventEmitter & { show: ReturnType<typeof vi.fn> }, made: created[0]! };
}

function createdOptions(isPackaged: boolean) {
  return open({ isPackaged }).made.options as Electron.BrowserWindowConstructorOptions;
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

  it('sizes the page (content size), at least 1024×768 on a screen with room, and is hidden until painted', () => {
    const o = createdOptions(true);
    expect([MIN_WIDTH, MIN_HEIGHT]).toEqual([1024, 768]);
    expect(o.useContentSize).toBe(true);
    expect(o.minWidth).toBe(1024);
    expect(o.minHeight).toBe(768);
    expect(o.width!).toBeGreaterThanOrEqual(1024);
    expect(o.height!).toBeGreaterThanOrEqual(768);
    expect(o.show).toBe(false);
    expect(o.kiosk).toBe(false);
  });

  it('on a 1366×768 screen with a taskbar: never taller than the work area, and opens maximised', () => {
    const { win, made } = open({ workArea: SMALL });
    const o = made.options as Electron.BrowserWindowConstructorOptions;
    expect(o.height! + 39).toBeLessThanOrEqual(728);
    expect(o.minHeight! + 39).toBeLessThanOrEqual(728);
    win.emit('ready-to-show');
    expect(made.calls).toEqual(['maximize']);
    expect(win.show).toHaveBeenCalled();
  });

  it('a frame taller than estimated is measured once shown and the window shrunk into the work area', () => {
    frame.height = 80;
    try {
      const { win, made } = open({ workArea: SMALL });
      const w = win as unknown as { getBounds(): Bounds };
      expect(w.getBounds().height).toBeGreaterThan(728); // as created, with the estimate
      win.emit('ready-to-show');
      const outer = w.getBounds();
      expect(outer.y).toBeGreaterThanOrEqual(0);
      expect(outer.y + outer.height).toBeLessThanOrEqual(728);
      expect(made.calls).toEqual([
        'setMinimumSize(1040, 728)',
        'setContentSize(1161, 648)',
        'setPosition(95, 0)',
        'maximize',
      ]);
    } finally {
      frame.height = 39;
    }
  });

  it.each([
    ['window', [], false],
    ['maximized', ['maximize'], false],
    ['kiosk', [], true],
  ] as const)('counter mode %s at start: %j before the window is shown, kiosk option %s', (mode, calls, kiosk) => {
    const { win, made } = open({ counterMode: mode });
    expect((made.options as { kiosk: boolean }).kiosk).toBe(kiosk);
    win.emit('ready-to-show');
    expect(made.calls).toEqual(calls);
    expect(win.show).toHaveBeenCalled();
  });

  it('counter mode changed while running: kiosk on and off again', () => {
    const { win, made } = open();
    const screen = { getDisplayMatching: () => ({ workArea: FULL_HD }) };
    setCounterMode(win as never, 'kiosk', screen as never);
    setCounterMode(win as never, 'maximized', screen as never);
    setCounterMode(win as never, 'window', screen as never);
    expect(made.calls).toEqual(['setKiosk(true)', 'setKiosk(false)', 'maximize', 'unmaximize']);
  });

  it('opens on the display under the mouse, else the primary one', () => {
    const primary = { workArea: FULL_HD };
    const second = { workArea: { x: 1920, y: 0, width: 1024, height: 728 } };
    const screen = {
      getCursorScreenPoint: () => ({ x: 2000, y: 10 }),
      getDisplayNearestPoint: (p: { x: number }) => (p.x >= 1920 ? second : primary),
      getPrimaryDisplay: () => primary,
    };
    expect(workAreaForNewWindow(screen as never)).toEqual(second.workArea);
    const wayland = {
      ...screen,
      getCursorScreenPoint: () => {
        throw new Error('not supported on Wayland');
      },
    };
    expect(workAreaForNewWindow(wayland as never)).toEqual(FULL_HD);
  });

  it('the preload is the CommonJS bundle (sandboxed preloads cannot be ES modules)', async () => {
    const { builtPaths } = await import('../../src/main/paths');
    expect(builtPaths('/app/out/main').preload).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads the given entry URL and shows the window once painted', () => {
    const { win, made } = open();
    expect(created).toHaveLength(1);
    expect(made.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    expect(windowFactsOf(win as never)).toMatchObject({ isDestroyed: false, webContentsId: 3 });
    expect(windowFactsOf(null)).toBeNull();
  });
});

describe('hardenWebContents (navigation events as Electron 45 emits them)', () => {
  const TARGETS = [
    'https://evil.example/phish',
    'file:///etc/passwd',
    'app://perkdesk/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,hi',
  ];

  it.each(TARGETS)('the main frame may not navigate or be redirected to %s', (url) => {
    const contents = new FakeWebContents({ id: 3 });
    const log = vi.fn();
    hardenWebContents(contents as never, log);
    expect(navigate(contents, contents.frame, url)).toEqual({ cancelled: true });
    expect(redirect(contents, contents.frame, url)).toEqual({ cancelled: true });
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toBe(`blocked navigation to ${url.slice(0, 120)}`);
  });

  it.each(TARGETS)('a subframe may not navigate to %s either (will-frame-navigate carries the event alone)', (url) => {
    const contents = new FakeWebContents({ id: 3 });
    const sub = new FakeRenderFrame({ url: 'about:blank', processId: 11, routingId: 7, parent: contents.frame });
    const log = vi.fn();
    hardenWebContents(contents as never, log);
    expect(navigate(contents, sub, url)).toEqual({ cancelled: true });
    // The URL comes from the event: will-frame-navigate has no positional url.
    expect(log).toHaveBeenCalledWith(`blocked navigation (in a subframe) to ${url.slice(0, 120)}`);
  });

  it('logs a bounded URL', () => {
    const contents = new FakeWebContents({ id: 3 });
    const log = vi.fn();
    hardenWebContents(contents as never, log);
    navigate(contents, contents.frame, `data:text/html,${'x'.repeat(5000)}`);
    expect(String(log.mock.calls[0]![0]).length).toBeLessThan(200);
  });

  it('denies window.open and <webview>', () => {
    const contents = new FakeWebContents({ id: 3 });
    hardenWebContents(contents as never);
    for (const url of ['https://evil.example/', 'app://perkdesk/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    const attach = { preventDefault: vi.fn() };
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

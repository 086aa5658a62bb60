import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  isNavigationAllowed,
  isPermissionGranted,
  isRequestAllowed,
  isTrustedSender,
  originOf,
  rendererEntryUrl,
  trustedOrigins,
  type FrameFacts,
  type WindowFacts,
} from '../../src/main/security';
import { FakeRenderFrame, FakeWebContents, ipcEvent } from './fixtures/electron45.mjs';

const DEV_URL = 'http://localhost:5173';
const PACKAGED = trustedOrigins({ isPackaged: true });
const DEV = trustedOrigins({ isPackaged: false, devServerUrl: DEV_URL });

function frame(url: string, extra: Partial<FrameFacts> = {}): FrameFacts {
  return { url, processId: 7, routingId: 1, parent: null, ...extra };
}

/** Our window: webContents 3, main frame in process 7 / routing 1, showing `url`. */
function ourWindow(url = APP_ENTRY_URL): { window: WindowFacts; main: FrameFacts } {
  const main = frame(url);
  return { window: { isDestroyed: false, webContentsId: 3, mainFrame: main }, main };
}

describe('originOf', () => {
  it.each([
    ['app://perkdesk/index.html', 'app://perkdesk'],
    ['APP://PerkDesk/x', 'app://perkdesk'],
    ['http://localhost:5173/#/members', 'http://localhost:5173'],
    ['https://example.com/a?b', 'https://example.com'],
  ])('%s → %s', (url, origin) => expect(originOf(url)).toBe(origin));

  it.each([
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'javascript:alert(1)',
    'blob:app://perkdesk/123',
    'app://perkdesk@evil/',
    'http://localhost:5173@evil.example/',
    'http://user:pw@localhost:5173/',
    'not a url',
    '',
    'x'.repeat(5000),
  ])('refuses %s', (url) => expect(originOf(url)).toBeNull());

  it('refuses non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['app://perkdesk/']]) expect(originOf(v)).toBeNull();
  });
});

describe('trustedOrigins', () => {
  it('packaged: only app://perkdesk, even if a dev URL is set', () => {
    expect(PACKAGED).toEqual([APP_ORIGIN]);
    expect(trustedOrigins({ isPackaged: true, devServerUrl: DEV_URL })).toEqual([APP_ORIGIN]);
  });

  it('development: adds the loopback dev server', () => {
    expect(DEV).toEqual([APP_ORIGIN, DEV_URL]);
    expect(trustedOrigins({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5174/' })).toContain(
      'http://127.0.0.1:5174',
    );
  });

  it.each([
    'https://evil.example',
    'http://192.168.1.20:5173',
    'http://localhost.evil.example:5173',
    'file:///tmp/index.html',
    'app://evil',
    'garbage',
  ])('development: a non-loopback or odd ELECTRON_RENDERER_URL %s adds nothing', (url) => {
    expect(trustedOrigins({ isPackaged: false, devServerUrl: url })).toEqual([APP_ORIGIN]);
  });

  it('the window loads the dev server only when it is trusted', () => {
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: DEV_URL })).toBe(DEV_URL);
    expect(rendererEntryUrl({ isPackaged: true, devServerUrl: DEV_URL })).toBe(APP_ENTRY_URL);
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: 'https://evil.example/' })).toBe(APP_ENTRY_URL);
    expect(rendererEntryUrl({ isPackaged: false })).toBe(APP_ENTRY_URL);
  });
});

describe('isTrustedSender', () => {
  it('accepts our window main frame at app://perkdesk', () => {
    const { window, main } = ourWindow();
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, window, PACKAGED)).toBe(true);
  });

  it('accepts an equal (not identical) frame object for our main frame, at any in-app path', () => {
    const { window } = ourWindow();
    const same = frame('app://perkdesk/index.html#/members/42');
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: same }, window, PACKAGED)).toBe(true);
  });

  it('compares frames by process and routing id: Electron hands out a new WebFrameMain object per lookup', () => {
    const contents = new FakeWebContents({ id: 3 });
    const window: WindowFacts = { isDestroyed: false, webContentsId: 3, mainFrame: contents.mainFrame };
    const event = ipcEvent(contents, contents.frame);
    expect(event.senderFrame).not.toBe(window.mainFrame);
    expect(isTrustedSender(event, window, PACKAGED)).toBe(true);
  });

  it('refuses, without throwing, a frame that was disposed before the check read it', () => {
    const contents = new FakeWebContents({ id: 3 });
    const window: WindowFacts = { isDestroyed: false, webContentsId: 3, mainFrame: contents.mainFrame };
    const event = ipcEvent(contents, contents.frame);
    contents.frame.disposed = true;
    expect(() => event.senderFrame!.url).toThrow(/disposed/);
    expect(isTrustedSender(event, window, PACKAGED)).toBe(false);
  });

  it('refuses a detached frame (replaced by a navigation, still running its unload handlers)', () => {
    const contents = new FakeWebContents({ id: 3 });
    const window: WindowFacts = { isDestroyed: false, webContentsId: 3, mainFrame: contents.mainFrame };
    contents.frame.detached = true;
    expect(isTrustedSender(ipcEvent(contents, contents.frame), window, PACKAGED)).toBe(false);
  });

  it('after a renderer crash and reload: the new main frame is trusted, a message from the old one is not', () => {
    const contents = new FakeWebContents({ id: 3 });
    const old = contents.frame;
    const oldEvent = ipcEvent(contents, old);
    contents.reload();
    const window: WindowFacts = { isDestroyed: false, webContentsId: 3, mainFrame: contents.mainFrame };
    expect(isTrustedSender(ipcEvent(contents, contents.frame), window, PACKAGED)).toBe(true);
    expect(isTrustedSender(oldEvent, window, PACKAGED)).toBe(false);
    // A stale frame in another process that kept our old routing id is not ours either.
    const lookalike = new FakeRenderFrame({ url: APP_ENTRY_URL, processId: old.processId, routingId: old.routingId });
    expect(isTrustedSender(ipcEvent(contents, lookalike), window, PACKAGED)).toBe(false);
  });

  it('refuses frame ids that are not ids', () => {
    const { window } = ourWindow();
    for (const bad of [{ processId: Number.NaN }, { routingId: -1 }, { processId: '7' as never }]) {
      expect(isTrustedSender({ sender: { id: 3 }, senderFrame: frame(APP_ENTRY_URL, bad) }, window, PACKAGED)).toBe(
        false,
      );
    }
  });

  it('accepts the dev server only in development', () => {
    const { window, main } = ourWindow(`${DEV_URL}/`);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, window, DEV)).toBe(true);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, window, PACKAGED)).toBe(false);
  });

  it.each([
    'file:///work/main/out/renderer/index.html',
    'http://evil.example/',
    'https://evil.example/app://perkdesk/',
    'app://evil/index.html',
    'app://perkdesk.evil/index.html',
    'app://perkdesk@evil/index.html',
    'data:text/html,<script>perkdesk.invoke()</script>',
    'about:blank',
    'javascript:alert(1)',
    'blob:app://perkdesk/6f1c',
    'chrome-error://chromewebdata/',
    'devtools://devtools/bundled/inspector.html',
    'http://localhost:5173/',
    '',
  ])('refuses our main frame when it shows %s', (url) => {
    const { window, main } = ourWindow(url);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, window, PACKAGED)).toBe(false);
  });

  it('refuses a subframe, even a same-origin one', () => {
    const { window, main } = ourWindow();
    const sub = frame('app://perkdesk/index.html', { routingId: 9, parent: main });
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: sub }, window, PACKAGED)).toBe(false);
    // A subframe claiming our main frame's ids but with a parent is still a subframe.
    const sneaky = frame('app://perkdesk/index.html', { parent: main });
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: sneaky }, window, PACKAGED)).toBe(false);
  });

  it('refuses a top-level frame that is not our main frame (other process or routing id)', () => {
    const { window } = ourWindow();
    const other = frame('app://perkdesk/index.html', { processId: 8 });
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: other }, window, PACKAGED)).toBe(false);
    const otherRoute = frame('app://perkdesk/index.html', { routingId: 2 });
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: otherRoute }, window, PACKAGED)).toBe(false);
  });

  it('refuses another webContents (a second window, devtools, a hidden BrowserView)', () => {
    const { window, main } = ourWindow();
    expect(isTrustedSender({ sender: { id: 4 }, senderFrame: main }, window, PACKAGED)).toBe(false);
  });

  it('refuses when there is no sender, no frame, no window or a destroyed window', () => {
    const { window, main } = ourWindow();
    expect(isTrustedSender({ sender: null, senderFrame: main }, window, PACKAGED)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: null }, window, PACKAGED)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: undefined }, window, PACKAGED)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, null, PACKAGED)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: main }, { ...window, isDestroyed: true }, PACKAGED)).toBe(
      false,
    );
  });
});

describe('navigation, permissions and requests', () => {
  it.each(['app://perkdesk/index.html', 'https://evil.example/', 'file:///etc/passwd', 'about:blank'])(
    'top-level navigation to %s is denied',
    (url) => expect(isNavigationAllowed(url)).toBe(false),
  );

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'openExternal',
    'fullscreen',
    'pointerLock',
    'hid',
    'serial',
    'usb',
    'unknown',
  ])('permission %s is denied, even for our own origin', (permission) => {
    expect(isPermissionGranted(permission, APP_ENTRY_URL)).toBe(false);
    expect(isPermissionGranted(permission)).toBe(false);
  });

  it('allows only our own origin, inline data/blob and devtools', () => {
    for (const url of [
      'app://perkdesk/assets/index-abc.js',
      'data:image/png;base64,AAAA',
      'blob:app://perkdesk/1',
      'devtools://devtools/x',
    ]) {
      expect(isRequestAllowed(url, PACKAGED)).toBe(true);
    }
    for (const url of [
      'https://fonts.example/font.woff2',
      'http://localhost:5173/src/main.tsx',
      'ws://localhost:5173/',
      'file:///etc/passwd',
      'app://evil/x.js',
      'ftp://x/y',
      'nonsense',
      42,
    ]) {
      expect(isRequestAllowed(url, PACKAGED)).toBe(false);
    }
  });

  it('development also allows the dev server and its HMR websocket, nothing else', () => {
    expect(isRequestAllowed('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isRequestAllowed('ws://localhost:5173/', DEV)).toBe(true);
    expect(isRequestAllowed('ws://localhost:9999/', DEV)).toBe(false);
    expect(isRequestAllowed('ws://perkdesk/', DEV)).toBe(false);
    expect(isRequestAllowed('https://evil.example/', DEV)).toBe(false);
  });
});

describe('content security policy', () => {
  it('the header sent on app:// responses equals the <meta> in src/renderer/index.html', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('forbids remote and inline script, plugins, framing and form posts', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

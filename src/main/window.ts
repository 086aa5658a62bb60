import { BrowserWindow, type Session, type WebContents } from 'electron';
import { isNavigationAllowed, isPermissionGranted, isRequestAllowed, type WindowFacts } from './security';

/** The counter screen is designed for 1024×768 and up (DESIGN §3b). */
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 768;

/** The slice of WebContents the guards use (a fake EventEmitter in tests). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

type PreventableEvent = { preventDefault(): void };

/**
 * Applied to every webContents the app ever creates (via `web-contents-created`):
 * no top-level navigation, no redirects away, no new windows, no <webview>.
 */
export function hardenWebContents(contents: GuardedContents, log?: (message: string) => void): void {
  const deny = (what: string) => (event: PreventableEvent, url?: unknown) => {
    if (typeof url === 'string' && isNavigationAllowed(url)) return;
    event.preventDefault();
    log?.(`blocked ${what} to ${String(url ?? '').slice(0, 120)}`);
  };
  contents.on('will-navigate', deny('navigation') as never);
  contents.on('will-redirect', deny('redirect') as never);
  contents.on('will-attach-webview', ((event: PreventableEvent) => {
    event.preventDefault();
    log?.('blocked a <webview>');
  }) as never);
  contents.setWindowOpenHandler(({ url }) => {
    log?.(`blocked window.open to ${String(url).slice(0, 120)}`);
    return { action: 'deny' };
  });
}

/** The slice of Session the guards use. */
export type GuardedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

/** Every permission denied; every request outside our own origin(s) cancelled. */
export function hardenSession(session: GuardedSession, origins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details?.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url, origins) });
  });
}

/**
 * Creates the one window; shown once painted so the cashier never sees a blank frame.
 *
 * Electron's security checklist is spelled out even where it matches the default, so
 * a future default change (or a copy-paste) can't silently weaken it. The options are
 * written inline in `new BrowserWindow({...})` on purpose: that is where
 * electronegativity looks for them. A test asserts every value.
 */
export function createMainWindow(opts: {
  preloadPath: string;
  isPackaged: boolean;
  entryUrl: string;
  iconPath?: string;
}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'PerkDesk',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    icon: opts.iconPath,
    webPreferences: {
      preload: opts.preloadPath,
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
      // Middle-click would try to open links in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      // No devtools in the packaged app: a cashier must not get a console into the page.
      devTools: !opts.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(opts.entryUrl);
  return window;
}

/** The facts `isTrustedSender` needs about our window, or null when there is none. */
export function windowFactsOf(window: BrowserWindow | null): WindowFacts | null {
  if (!window || window.isDestroyed()) return null;
  const contents = window.webContents;
  return { isDestroyed: contents.isDestroyed(), webContentsId: contents.id, mainFrame: contents.mainFrame };
}

import { BrowserWindow, type Screen, type Session, type WebContents } from 'electron';
import type { CounterMode } from '../shared/settings/shell';
import { applyCounterMode } from './counter-mode';
import { isNavigationAllowed, isPermissionGranted, isRequestAllowed, type WindowFacts } from './security';
import { MIN_CONTENT, refit, windowGeometry, type Rect } from './window-bounds';

/** The counter screen is designed for a 1024×768 page and up (DESIGN §3b). */
export const MIN_WIDTH = MIN_CONTENT.width;
export const MIN_HEIGHT = MIN_CONTENT.height;

/** The slice of WebContents the guards use (a fake EventEmitter in tests). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * What Electron 45 passes as the first argument of `will-navigate`, `will-redirect` and
 * `will-frame-navigate`: an `Event<WebContentsWillNavigateEventParams>` carrying the
 * target `url`, `isMainFrame` and the `frame`. `will-navigate` and `will-redirect` still
 * pass the url again as a deprecated second argument; `will-frame-navigate` passes
 * nothing else, so the event's own `url` is the one to read.
 */
export interface NavigationEvent {
  preventDefault(): void;
  readonly url?: unknown;
  readonly isMainFrame?: unknown;
}

function navigationTarget(event: NavigationEvent, deprecatedUrl: unknown): string {
  const url = typeof event.url === 'string' ? event.url : deprecatedUrl;
  return typeof url === 'string' ? url : '';
}

/**
 * Applied to every webContents the app ever creates (via `web-contents-created`):
 * no navigation of the main frame or of any subframe, no redirects away, no new
 * windows, no <webview>.
 */
export function hardenWebContents(contents: GuardedContents, log?: (message: string) => void): void {
  const deny = (what: string) => (event: NavigationEvent, deprecatedUrl?: unknown) => {
    const url = navigationTarget(event, deprecatedUrl);
    if (url !== '' && isNavigationAllowed(url)) return;
    event.preventDefault();
    const where = event.isMainFrame === false ? ' (in a subframe)' : '';
    log?.(`blocked ${what}${where} to ${url.slice(0, 120)}`);
  };
  // will-frame-navigate covers subframes too (will-navigate is main frame only); both
  // are kept so a main-frame navigation is refused whichever fires first.
  contents.on('will-frame-navigate', deny('navigation') as never);
  contents.on('will-navigate', deny('navigation') as never);
  contents.on('will-redirect', deny('redirect') as never);
  contents.on('will-attach-webview', ((event: { preventDefault(): void }) => {
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
  /** The work area of the display the window opens on (see `workAreaForNewWindow`). */
  workArea: Rect;
  counterMode: CounterMode;
}): BrowserWindow {
  const geometry = windowGeometry(opts.workArea);
  const window = new BrowserWindow({
    x: geometry.x,
    y: geometry.y,
    // Sizes are the page's, not the outer window's: the title bar comes on top.
    useContentSize: true,
    width: geometry.width,
    height: geometry.height,
    minWidth: geometry.minWidth,
    minHeight: geometry.minHeight,
    kiosk: opts.counterMode === 'kiosk',
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
  window.once('ready-to-show', () => {
    const fitted = fitToWorkArea(window, opts.workArea) ?? geometry;
    applyCounterMode(window, opts.counterMode, { screenTooSmall: fitted.maximize });
    window.show();
  });
  void window.loadURL(opts.entryUrl);
  return window;
}

/**
 * Applies a counter mode changed while the app runs (a manager saved the setting). A
 * "normal" window stays maximised where the screen is too small for a 1024×768 page.
 */
export function setCounterMode(
  window: BrowserWindow,
  mode: CounterMode,
  screen: Pick<Screen, 'getDisplayMatching'>,
): void {
  if (window.isDestroyed()) return;
  const workArea = screen.getDisplayMatching(window.getBounds()).workArea;
  applyCounterMode(window, mode, { screenTooSmall: windowGeometry(workArea).maximize });
}

/** The slice of BrowserWindow `fitToWorkArea` uses. */
export type FittedWindow = Pick<
  BrowserWindow,
  'getBounds' | 'getContentBounds' | 'setMinimumSize' | 'setContentSize' | 'setPosition'
>;

/**
 * The frame was only estimated when the window was made; measured now, a window that
 * pokes out of the work area (a taller title bar, 125 % scaling) is shrunk to fit.
 * Returns the geometry applied, or null when the window already fits.
 */
export function fitToWorkArea(window: FittedWindow, workArea: Rect) {
  const outer = window.getBounds();
  const content = window.getContentBounds();
  const fix = refit(workArea, outer, content);
  if (!fix) return null;
  // setMinimumSize is in outer-window terms even with useContentSize.
  const frameWidth = Math.max(0, outer.width - content.width);
  const frameHeight = Math.max(0, outer.height - content.height);
  window.setMinimumSize(fix.minWidth + frameWidth, fix.minHeight + frameHeight);
  window.setContentSize(fix.width, fix.height);
  window.setPosition(fix.x, fix.y);
  return fix;
}

/**
 * The work area of the display the cashier is looking at: the one under the mouse
 * (a till with a customer display opens on the till), else the primary one. The
 * cursor position is unavailable on some Wayland sessions.
 */
export function workAreaForNewWindow(
  screen: Pick<Screen, 'getCursorScreenPoint' | 'getDisplayNearestPoint' | 'getPrimaryDisplay'>,
): Rect {
  try {
    return screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea;
  } catch {
    return screen.getPrimaryDisplay().workArea;
  }
}

/** The facts `isTrustedSender` needs about our window, or null when there is none. */
export function windowFactsOf(window: BrowserWindow | null): WindowFacts | null {
  if (!window || window.isDestroyed()) return null;
  const contents = window.webContents;
  return { isDestroyed: contents.isDestroyed(), webContentsId: contents.id, mainFrame: contents.mainFrame };
}

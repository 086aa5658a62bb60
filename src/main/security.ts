/**
 * Trust decisions for the Electron shell, as pure functions over plain data.
 * Nothing here imports `electron`: the adapter passes in the few facts it needs
 * (URLs, ids, frames), so every rule is unit-tested with hostile inputs.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'perkdesk';
/** The packaged renderer's origin. Computed by hand: Node's URL says 'null' for custom schemes. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Same policy as the `<meta>` in src/renderer/index.html (a test keeps the two equal).
 * Sent as a header on every app:// response too, so it holds even for a document
 * that lost its meta tag.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `scheme://host[:port]` for URLs we could ever trust, else null. Rejects anything
 * with credentials (`http://localhost@evil/` tricks), opaque URLs (data:, about:,
 * javascript:, blob:) and file:.
 */
export function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  const scheme = parsed.protocol.toLowerCase();
  if (scheme !== 'app:' && scheme !== 'http:' && scheme !== 'https:') return null;
  if (parsed.host === '') return null;
  return `${scheme}//${parsed.host.toLowerCase()}`;
}

/**
 * The origins whose main frame may call into main: always app://perkdesk, plus the
 * electron-vite dev server, but only when not packaged and only on loopback (a
 * stray ELECTRON_RENDERER_URL=https://evil.example must not widen the trust).
 */
export function trustedOrigins(opts: { devServerUrl?: string | null; isPackaged: boolean }): string[] {
  const origins = [APP_ORIGIN];
  if (!opts.isPackaged && opts.devServerUrl) {
    const dev = originOf(opts.devServerUrl);
    if (dev && dev.startsWith('http') && LOOPBACK_HOSTS.has(new URL(opts.devServerUrl).hostname.toLowerCase())) {
      origins.push(dev);
    }
  }
  return origins;
}

/** The URL the window loads: the dev server when trusted, else the packaged renderer. */
export function rendererEntryUrl(opts: { devServerUrl?: string | null; isPackaged: boolean }): string {
  const origins = trustedOrigins(opts);
  return origins.length > 1 && opts.devServerUrl ? opts.devServerUrl : APP_ENTRY_URL;
}

export function isTrustedOrigin(url: unknown, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/**
 * What the adapter knows about a frame (Electron's WebFrameMain has these fields).
 * Electron does not promise that two WebFrameMain objects for one frame are the same
 * JavaScript object (`event.senderFrame` and `webContents.mainFrame` are looked up
 * separately), so frames are compared by what identifies them: the renderer process
 * and the frame's routing id within it.
 */
export interface FrameFacts {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: unknown;
  /** WebFrameMain.detached: a frame replaced by a navigation (kept alive for unload handlers). */
  readonly detached?: boolean;
}

/** What the adapter knows about an IPC event. */
export interface SenderFacts {
  readonly sender: { readonly id: number } | null | undefined;
  readonly senderFrame: FrameFacts | null | undefined;
}

/** What the adapter knows about our one window (null before creation or after close). */
export interface WindowFacts {
  readonly isDestroyed: boolean;
  readonly webContentsId: number;
  readonly mainFrame: FrameFacts;
}

const isFrameId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The IPC sender check. Trusted only if ALL hold:
 *  - our window exists and is alive;
 *  - the message came from our window's webContents (not another window, a devtools
 *    page, or a webContents created some other way);
 *  - it came from that webContents' current main frame (same process and routing id;
 *    not an iframe, even a same-origin one: the renderer never embeds frames, so a
 *    frame is by definition not ours; not a frame detached by a navigation);
 *  - the frame currently shows our origin (not a page it was navigated to).
 * A frame whose render frame is already gone throws when read: that is a refusal too.
 */
export function isTrustedSender(event: SenderFacts, window: WindowFacts | null, origins: readonly string[]): boolean {
  try {
    if (!window || window.isDestroyed) return false;
    const sender = event.sender;
    if (!sender || sender.id !== window.webContentsId) return false;
    const frame = event.senderFrame;
    if (!frame) return false; // the frame navigated away or was destroyed mid-call
    if (frame.parent !== null || frame.detached === true) return false;
    const main = window.mainFrame;
    if (!isFrameId(frame.processId) || !isFrameId(frame.routingId)) return false;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return isTrustedOrigin(frame.url, origins);
  } catch {
    return false;
  }
}

/**
 * Top-level navigation is never allowed: the renderer is a single page that routes
 * in-page (no `will-navigate` for those). Anything else is a link or script trying to
 * leave the app. Kept as a function so the rule is written and tested in one place.
 */
export function isNavigationAllowed(_url: string): boolean {
  return false;
}

/** Every permission (camera, notifications, clipboard-read, geolocation, ...) is denied. */
export function isPermissionGranted(_permission: string, _requestingUrl?: string): boolean {
  return false;
}

/**
 * Which URLs the session may load at all ("no remote content"): our app:// origin,
 * inline data/blob images (barcodes), devtools, and in development the loopback dev
 * server including its HMR websocket.
 */
export function isRequestAllowed(url: unknown, origins: readonly string[]): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const scheme = parsed.protocol.toLowerCase();
  if (scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:') return true;
  if (scheme === 'ws:' || scheme === 'wss:') {
    const asHttp = `${scheme === 'ws:' ? 'http:' : 'https:'}//${parsed.host.toLowerCase()}`;
    return origins.includes(asHttp) && asHttp !== APP_ORIGIN;
  }
  return isTrustedOrigin(url, origins);
}

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/**
 * The packaged renderer is served from app://perkdesk/ instead of file://, so the
 * page has a real origin (file:// pages can read other local files and all share one
 * origin). The scheme is "standard" + "secure": relative URLs and ES modules work,
 * and fetch() is allowed only to itself by the CSP.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Longest request path we serve; real asset paths are far shorter. */
const MAX_PATH_LENGTH = 1024;

/**
 * Maps `app://perkdesk/<path>` to a file under `rootDir`, or null when the request must
 * be refused.
 *
 * What arrives: app:// is registered as a standard scheme, so Chromium canonicalises
 * every URL before `protocol.handle` sees it, exactly as for http: the host is
 * lower-cased, `\` becomes `/`, and dot segments — `..`, `.`, and their escaped forms
 * `%2e%2e`, `.%2e`, `%2e` — are resolved (never above the root), while other escapes
 * (`%2f`, `%5c`, `%00`, `%25`) are passed through still encoded. So `..` can no longer
 * climb by the time we look; what can still climb is an *encoded* separator that a
 * careless decode turns into one (`..%2f..%2fetc%2fpasswd`).
 *
 * The guard is deliberately redundant: encoded slashes, backslashes, dots, NULs and
 * double encodings are refused on the raw text (our own asset URLs never contain
 * them), so are dot segments in case a caller hands over an uncanonicalised URL; after
 * decoding, `..`, control characters and drive letters are refused again; and the
 * final path must still lie inside the root.
 */
export function resolveAppRequestPath(rootDir: string, requestUrl: string): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_PATH_LENGTH * 3) return null;
  const rawPath = requestUrl.split(/[?#]/, 1)[0]!;
  if (/(^|[/\\])\.{1,2}([/\\]|$)/.test(rawPath)) return null;
  if (/%2e|%2f|%5c|%00|%25/i.test(rawPath)) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  // Hosts are case-insensitive (Chromium sends them lower-cased; Node's URL keeps the
  // case of a custom scheme's host).
  if (url.protocol.toLowerCase() !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return null;
  if (url.username || url.password || url.port) return null;
  const pathname = url.pathname;
  if (/\\|\0/.test(pathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed escapes such as %E0%A4%A
  }
  if (decoded.length > MAX_PATH_LENGTH) return null;
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  for (const s of segments) {
    if (s === '.' || s === '..') return null;
    if (s.includes(':')) return null; // C:, \\?\, stream names (file.txt:secret)
    if (hasControlCharacter(s)) return null;
  }
  const relativePath = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = resolve(rootDir);
  const target = resolve(root, relativePath);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return target;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** true if `child` is `root` itself or lies inside it (after symlinks are resolved). */
function isInside(root: string, child: string): boolean {
  return child === root || child.startsWith(root.endsWith(sep) ? root : root + sep);
}

export interface AppRequestHandlerOptions {
  /** The built renderer (out/renderer). */
  rootDir: string;
  csp?: string;
}

/**
 * The `protocol.handle('app', ...)` callback, written against the web-standard
 * Request/Response so it is tested in Node without Electron.
 */
export function createAppRequestHandler(opts: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const csp = opts.csp ?? CONTENT_SECURITY_POLICY;
  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  let realRoot: string | null = null;
  return async (request: Request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const path = resolveAppRequestPath(opts.rootDir, request.url);
    if (!path) return plain(404, 'Not found');
    try {
      realRoot ??= await realpath(resolve(opts.rootDir));
      const real = await realpath(path);
      // A symlink inside the root must not lead outside it.
      if (!isInside(realRoot, real)) return plain(404, 'Not found');
      const info = await stat(real);
      if (!info.isFile()) return plain(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: { ...securityHeaders, 'Content-Type': mimeTypeFor(real), 'Content-Length': String(info.size) },
      });
    } catch {
      return plain(404, 'Not found');
    }
  };
}

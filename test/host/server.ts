/**
 * The test host: the real core (openCore on a real SQLite file) behind a local HTTP
 * endpoint, serving the BUILT renderer (out/renderer) with a tiny bridge in place of
 * the preload — so the unmodified renderer runs in plain Chromium under Playwright.
 *
 *   POST /rpc                  { channel, token, input } → core.dispatch → Result JSON
 *   GET  /__bridge.js          the bridge (window.perkdesk via fetch('/rpc'))
 *   POST /__test/advance-clock { ms }  moves the core's clock forward (back-off, expiry)
 *   POST /__test/reset         closes the core, deletes the database, opens a fresh one
 *
 * CLI: `npm run test:host -- [--db path/to.sqlite] [--port 5173]` (build first:
 * `npx electron-vite build`). Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { openCore, type Core } from '../../src/main/core/open-core';
import { defaultKeyFilePath, fileKeyStore } from '../../src/main/core/keys/key-store';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const BRIDGE_TAG = '<script src="/__bridge.js"></script>';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface TestHostOptions {
  /** Folder for the database; a fresh temp folder (removed on close) when omitted. */
  dbDir?: string;
  /** Exact database path (overrides dbDir). Kept on close. */
  dbPath?: string;
  /** Built renderer; defaults to out/renderer. */
  rendererDir?: string;
  port?: number;
  /** bcrypt cost; 4 by default to keep e2e quick (production refuses < 10). */
  bcryptCost?: number;
  /** Initial clock offset in ms from the real time. */
  clockOffsetMs?: number;
  /** Log internal errors to the console (default: quiet). */
  verbose?: boolean;
}

export interface TestHost {
  url: string;
  port: number;
  dbPath: string;
  /** The live core (replaced by reset()). Seed data with `host.call(...)`. */
  readonly core: Core;
  now(): number;
  advanceClock(ms: number): void;
  /** Typed direct call to the dispatcher, as the renderer would make it. */
  call<C extends ChannelName>(channel: C, input: InputOf<C>, token?: string | null): Promise<Result<OutputOf<C>>>;
  /**
   * While on, a main-thread export or import stops after its first step and waits there
   * until it is cancelled (or this is turned off): an e2e presses Cancel on a job that is
   * certainly still running, whatever the machine's speed. The core's holdJobStep, which
   * only this host sets.
   */
  holdJobs(on: boolean): void;
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** Resolve a URL path inside `root`, refusing anything that escapes it. */
function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const rendererDir = resolve(opts.rendererDir ?? join(REPO, 'out', 'renderer'));
  const indexPath = join(rendererDir, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(`No built renderer at ${indexPath}: run \`npx electron-vite build\` first`);
  }
  const bridgeJs = readFileSync(join(HERE, 'bridge.js'), 'utf8');
  const ownsDir = !opts.dbPath && !opts.dbDir;
  const dir =
    opts.dbDir ?? (opts.dbPath ? dirname(resolve(opts.dbPath)) : mkdtempSync(join(tmpdir(), 'perkdesk-host-')));
  const dbPath = opts.dbPath ? resolve(opts.dbPath) : join(dir, 'perkdesk.sqlite');
  let offset = opts.clockOffsetMs ?? 0;
  const now = () => Date.now() + offset;
  const bcryptCost = opts.bcryptCost ?? 4;
  // The store's key in a plain file beside it (the app uses the OS keychain instead).
  const keyStore = fileKeyStore(defaultKeyFilePath(dbPath));
  let holding = false;
  const held = new Set<() => void>();
  const holdJobStep = (signal: AbortSignal) =>
    !holding || signal.aborted
      ? Promise.resolve()
      : new Promise<void>((go) => {
          const release = () => {
            held.delete(release);
            signal.removeEventListener('abort', release);
            go();
          };
          held.add(release);
          signal.addEventListener('abort', release, { once: true });
        });
  const open = () =>
    openCore({
      dbPath,
      keyStore,
      now,
      bcryptCost,
      allowWeakHashingForTests: bcryptCost < 10,
      holdJobStep,
      log: { error: (m, e) => (opts.verbose ? console.error(`[test-host] ${m}`, e) : undefined) },
    });
  let core = open();

  const indexHtml = () => {
    // The bridge goes after the CSP <meta> (so the policy covers it too), at the end of
    // <head>: a classic script still runs before the deferred module bundle.
    const html = readFileSync(indexPath, 'utf8');
    return html.replace('</head>', `  ${BRIDGE_TAG}\n  </head>`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (req.method === 'POST') {
      let body: unknown;
      try {
        const raw = await readBody(req);
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(
          res,
          400,
          JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'Bad request body' } }),
        );
      }
      const b = (body ?? {}) as Record<string, unknown>;
      if (path === '/rpc') {
        const result = await core.dispatch(b.channel, b.input, { token: b.token ?? undefined });
        return send(res, 200, JSON.stringify(result));
      }
      if (path === '/__test/advance-clock') {
        const ms = Number(b.ms);
        if (!Number.isFinite(ms) || ms < 0) return send(res, 400, JSON.stringify({ ok: false }));
        offset += ms;
        return send(res, 200, JSON.stringify({ ok: true, now: now() }));
      }
      if (path === '/__test/reset') {
        host.reset();
        return send(res, 200, JSON.stringify({ ok: true }));
      }
      return send(res, 404, JSON.stringify({ ok: false }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain');
    if (path === '/__bridge.js') return send(res, 200, bridgeJs, MIME['.js']);
    if (path === '/' || path === '/index.html') return send(res, 200, indexHtml(), MIME['.html']);
    const file = safeJoin(rendererDir, path);
    if (!file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found', 'text/plain');
    return send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (opts.verbose) console.error('[test-host]', err);
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'host' } }));
    });
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;

  const host: TestHost = {
    url: `http://127.0.0.1:${port}/`,
    port,
    dbPath,
    get core() {
      return core;
    },
    now,
    advanceClock(ms) {
      offset += ms;
    },
    call: (channel, input, token) =>
      core.dispatch(channel, input, { token: token ?? undefined }) as Promise<Result<OutputOf<typeof channel>>>,
    holdJobs(on) {
      holding = on;
      if (!on) for (const release of [...held]) release();
    },
    reset() {
      core.close();
      // The key file stays (a fresh store takes it on); the files that describe the old
      // store's audit head and erasures go with it.
      for (const suffix of ['', '-wal', '-shm', '.exported-head.json', '.erasures.jsonl']) {
        rmSync(dbPath + suffix, { force: true });
      }
      core = open();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      core.close();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// Run directly (`tsx test/host/server.ts`): start one host and keep it up.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const db = argValue('--db');
  const port = argValue('--port');
  startTestHost({ dbPath: db, port: port ? Number(port) : undefined, bcryptCost: 10, verbose: true })
    .then((h) => {
      console.log(`PerkDesk test host on ${h.url} (database ${h.dbPath})`);
      const stop = () => void h.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}

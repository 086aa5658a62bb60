/**
 * A chain of stores for e2e specs: one head office (the real service on a throwaway
 * PostgreSQL cluster), a store's network link that can be cut, and any number of
 * terminals — each its own test host (real core, own temp SQLite file, own port) with its
 * own browser context and page, so four terminals run side by side in one spec.
 *
 *   const ho = await startHeadOffice(cluster, 'ho_e2e_stores');
 *   const north = await startLink(ho.service.port);          // the store's line to head office
 *   const till = await openTerminal(browser, { name: 'North 1', serverUrl: north.url, code });
 *   north.cut(); …; north.restore();
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startTestHost, type TestHost } from '../host/server';
import { newAdminToken } from '../../src/server/auth/secrets';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { createSyncClient, type SyncCall } from '../../src/shared/sync';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import type { PgCluster } from '../server/pg-cluster';
import type { RuleSet } from '../../src/shared/contract/points';
import { CASHIER, MANAGER, OWNER } from './fixtures';
import { REPO } from './electron-app';

export async function must<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
}

/** The head office page's build: `npm run test:e2e` builds it; a spec run after only `electron-vite build` builds it here. */
export async function ensureHeadOfficePage(): Promise<void> {
  if (existsSync(join(REPO, 'out', 'headoffice', 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'src/server/web/vite.config.ts') });
}

export interface HeadOffice {
  service: RunningService;
  /** For the head office page's token form. */
  adminToken: string;
  admin: SyncCall;
  /** A store and `terminals` one-time enrolment codes for it. */
  createStore(name: string, terminals: number): Promise<{ id: string; codes: string[] }>;
  close(): Promise<void>;
}

/** The head office service on a fresh, migrated database of the cluster. */
export async function startHeadOffice(cluster: PgCluster, dbName: string): Promise<HeadOffice> {
  const pgUrl = await cluster.createDatabase(dbName);
  const migrating = createPool(pgUrl, { max: 1 });
  await migrate(migrating);
  await migrating.end();
  const adminToken = newAdminToken();
  const service = await startService({ pgUrl, adminToken, log: silentLogger, tickEveryMs: 0, pruneEveryMs: 0 });
  const admin = createSyncClient({ baseUrl: service.url, credential: adminToken }).call;
  return {
    service,
    adminToken,
    admin,
    async createStore(name, terminals) {
      const store = await must(admin('admin:createStore', { name }));
      const codes: string[] = [];
      for (let i = 0; i < terminals; i++) {
        codes.push((await must(admin('admin:issueEnrolmentCode', { storeId: store.id }))).code);
      }
      return { id: store.id, codes };
    },
    async close() {
      const closing = service.close();
      service.app.server.closeAllConnections();
      await closing;
    },
  };
}

export interface Link {
  /** What the store's terminals use as head office's address. */
  url: string;
  /** The line goes down: open connections are reset, new ones refused at once. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A store's line to head office: a TCP relay on loopback. Cutting it takes one store
 * offline while head office and the other stores stay up (stopping the service would
 * take every store offline at once).
 */
export async function startLink(targetPort: number): Promise<Link> {
  let down = false;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const s of open) s.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

export interface Terminal {
  name: string;
  host: TestHost;
  context: BrowserContext;
  page: Page;
  /** A call as the owner (arranging data, reading what was recorded). */
  asOwner<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  close(): Promise<void>;
}

/**
 * One terminal: a test host on its own port and temp folder (owner, a manager and a
 * cashier seeded through the dispatcher), enrolled with head office through `serverUrl`,
 * and a browser context of its own at 1024×768 with a page open on it.
 */
export async function openTerminal(
  browser: Browser,
  opts: { name: string; serverUrl: string; code: string },
): Promise<Terminal> {
  const host = await startTestHost();
  await must(host.call('auth:setupOwner', OWNER));
  const { token } = await must(host.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
  await must(host.call('staff:create', { ...MANAGER, role: 'manager' }, token));
  await must(host.call('staff:create', { ...CASHIER, role: 'cashier' }, token));
  await must(host.call('sync:enrol', { serverUrl: opts.serverUrl, code: opts.code, name: opts.name }, token));
  // A context made by hand does not take the config's `use`: the same viewport, locale, zone.
  const context = await browser.newContext({
    viewport: { width: 1024, height: 768 },
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto(host.url);
  return {
    name: opts.name,
    host,
    context,
    page,
    asOwner: (channel, input) => must(host.call(channel, input, token)),
    async close() {
      await context.close();
      await host.close();
    },
  };
}

/**
 * Two stores, North and South, with one terminal each (`North 1`, `South 1`), their rules
 * changed by `rules` (every other rule as the terminal has it). Pushed onto `terminals` as
 * they open, so the caller's `finally` closes whatever opened.
 */
export async function northAndSouth(
  browser: Browser,
  ho: HeadOffice,
  terminals: Terminal[],
  rules: Partial<RuleSet>,
): Promise<{ north: Terminal; south: Terminal }> {
  const opened: Terminal[] = [];
  for (const name of ['North', 'South']) {
    const store = await ho.createStore(name, 1);
    const t = await openTerminal(browser, { name: `${name} 1`, serverUrl: ho.service.url, code: store.codes[0]! });
    terminals.push(t);
    opened.push(t);
    const { current } = await t.asOwner('points:getRules', {});
    await t.asOwner('points:saveRules', { rules: { ...current.rules, ...rules } });
  }
  return { north: opened[0]!, south: opened[1]! };
}

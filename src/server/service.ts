import { runChainExpiry } from './expiry/run-expiry';
import type { FastifyInstance } from 'fastify';
import { sha256 } from './auth/secrets';
import type { ServiceContext, ServiceLogger } from './context';
import { migrate } from './db/migrate';
import { createPool, type Pool } from './db/pool';
import { syncSlotsFor } from './sync-slots';
import { buildApp } from './http/app';
import { pruneChanges, recordTick } from './pull/prune';

/**
 * The head office service: migrate, then serve the protocol on HTTP, and keep the pull
 * change log's ticks and retention. Production listens on loopback behind a TLS reverse
 * proxy (README); tests start it on 127.0.0.1 at a free port.
 */
export interface ServiceOptions {
  pgUrl: string;
  port?: number;
  host?: string;
  adminToken: string | null;
  now?: () => number;
  log?: ServiceLogger;
  poolMax?: number;
  /** Pull changes are kept this long; a cursor older than that downloads afresh. Default 30 days. */
  retentionMinutes?: number;
  /** Record a tick / prune this often (default every minute / every hour); 0 = never (tests drive them). */
  tickEveryMs?: number;
  pruneEveryMs?: number;
  /** How often head office expires the chain's due points (default 15 min; 0 = never, tests call it). */
  expiryEveryMs?: number;
  trustProxy?: boolean;
  /** The built head office page; default the repo's out/headoffice, null serves none. */
  pageDir?: string | null;
}

export interface RunningService {
  url: string;
  port: number;
  app: FastifyInstance;
  pool: Pool;
  ctx: ServiceContext;
  migrated: number[];
  close(): Promise<void>;
}

export const silentLogger: ServiceLogger = { info: () => {}, error: () => {} };
export const consoleLogger: ServiceLogger = {
  info: (message, fields) => console.log(`[head-office] ${message}`, fields ?? ''),
  error: (message, err) => console.error(`[head-office] ${message}`, err ?? ''),
};

export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const poolMax = opts.poolMax ?? 20;
  const pool = createPool(opts.pgUrl, { max: poolMax });
  const ctx: ServiceContext = {
    pool,
    syncSlots: syncSlotsFor(poolMax),
    now: opts.now ?? Date.now,
    log: opts.log ?? consoleLogger,
  };
  const timers: NodeJS.Timeout[] = [];
  try {
    const migrated = await migrate(pool);
    const app = buildApp({
      ctx,
      adminTokenHash: opts.adminToken ? sha256(opts.adminToken) : null,
      trustProxy: opts.trustProxy,
      pageDir: opts.pageDir,
    });
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
    const every = (ms: number | undefined, fallback: number, job: () => Promise<unknown>) => {
      const period = ms ?? fallback;
      if (period <= 0) return;
      const t = setInterval(() => job().catch((err) => ctx.log.error('maintenance failed', err)), period);
      t.unref();
      timers.push(t);
    };
    const retentionMinutes = opts.retentionMinutes ?? 30 * 24 * 60;
    every(opts.tickEveryMs, 60_000, () => recordTick(ctx));
    every(opts.pruneEveryMs, 3_600_000, () => pruneChanges(ctx, { retentionMinutes }));
    // Chain mode's expiry runs here only (expiry/run-expiry.ts): a quarter-hour late at most.
    every(opts.expiryEveryMs, 15 * 60_000, () => runChainExpiry(pool, ctx.now()));
    await recordTick(ctx);
    return {
      url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
      port,
      app,
      pool,
      ctx,
      migrated,
      async close() {
        for (const t of timers) clearInterval(t);
        await app.close();
        await pool.end();
      },
    };
  } catch (err) {
    for (const t of timers) clearInterval(t);
    await pool.end();
    throw err;
  }
}

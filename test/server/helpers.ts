import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { createSyncClient, type SyncCall } from '../../src/shared/sync';
import type { EndpointInput, EndpointName, EndpointOutput, PushOp, PushResult } from '../../src/shared/sync';
import type { Result } from '../../src/shared/errors';
import { newAdminToken } from '../../src/server/auth/secrets';
import { migrate } from '../../src/server/db/migrate';
import { createPool, type Pool } from '../../src/server/db/pool';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { attachPgCluster, startPgCluster, type PgCluster } from './pg-cluster';

/**
 * One throwaway cluster per test file (~1 s) — or the one shared cluster when
 * test/server/global-pg.ts ran as globalSetup — a migrated template database in it, and a
 * fresh database per service from that template (a few ms): tests never share state.
 */
/**
 * `ownCluster`: this file needs a cluster nobody else uses — pruning by snapshot xmin
 * (`admin:pruneChanges`) sees every transaction in the cluster, so another file's open
 * transaction on the shared cluster would hold the horizon back.
 */
export function usePgCluster(opts: { ownCluster?: boolean } = {}) {
  const state: { cluster: PgCluster | null; n: number } = { cluster: null, n: 0 };
  beforeAll(async () => {
    const shared = opts.ownCluster ? undefined : inject('perkdeskPgUrl');
    if (shared) {
      state.cluster = attachPgCluster(shared);
      return;
    }
    state.cluster = await startPgCluster();
    await state.cluster.createDatabase('template_head_office');
    const pool = createPool(state.cluster.urlFor('template_head_office'), { max: 1 });
    await migrate(pool);
    await pool.end();
  }, 60_000);
  afterAll(() => state.cluster?.stop());
  return {
    get cluster(): PgCluster {
      if (!state.cluster) throw new Error('cluster not started');
      return state.cluster;
    },
    /** An empty database (no schema). */
    async emptyDatabase(): Promise<string> {
      return this.cluster.createDatabase(`empty_${process.pid}_${++state.n}`);
    },
    /** A database with the whole head office schema. */
    async migratedDatabase(): Promise<string> {
      return this.cluster.createDatabase(`ho_${process.pid}_${++state.n}`, 'template_head_office');
    },
  };
}

export class TestClock {
  constructor(public t = Date.UTC(2026, 11, 1, 9, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

const services: RunningService[] = [];
const pools: Pool[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const p of pools.splice(0)) await p.end();
});

/** A pool on a test database, closed after the test. */
export function testPool(url: string, max = 20): Pool {
  const pool = createPool(url, { max });
  pools.push(pool);
  return pool;
}

/** Throws on `{ ok:false }` (for arranging a test). */
export async function ok<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value;
}

export interface TestChain {
  service: RunningService;
  clock: TestClock;
  admin: SyncCall;
  /** For the head office page's routes, which are GETs outside the protocol client. */
  adminToken: string;
  anonymous: SyncCall;
  pool: Pool;
  createStore(name?: string): Promise<string>;
  enrol(storeId: string, name?: string, terminalId?: string): Promise<TestTerminal>;
}

/** The head office service on a fresh database, with an admin client and a test clock. */
export async function startChain(
  pg: ReturnType<typeof usePgCluster>,
  opts: { poolMax?: number } = {},
): Promise<TestChain> {
  const clock = new TestClock();
  const adminToken = newAdminToken();
  const service = await startService({
    pgUrl: await pg.migratedDatabase(),
    adminToken,
    now: clock.now,
    log: silentLogger,
    tickEveryMs: 0,
    pruneEveryMs: 0,
    poolMax: opts.poolMax,
  });
  services.push(service);
  const client = createSyncClient({ baseUrl: service.url });
  const admin = client.withCredential(adminToken);
  const chain: TestChain = {
    service,
    clock,
    admin,
    adminToken,
    anonymous: client.call,
    pool: service.pool,
    async createStore(name = 'Store') {
      return (await ok(admin('admin:createStore', { name }))).id;
    },
    async enrol(storeId, name = 'Till', terminalId = uuidv7()) {
      const { code } = await ok(admin('admin:issueEnrolmentCode', { storeId }));
      const enrolled = await ok(client.call('enrol:join', { code, terminalId, name }));
      return new TestTerminal(client.withCredential(enrolled.credential), terminalId, storeId, clock);
    },
  };
  return chain;
}

export const newOpId = () => randomUUID();
export const newEntityId = () => uuidv7();

/**
 * The test client: speaks the protocol as a terminal will — numbers its ops 1, 2, 3 …,
 * builds them from plain facts, pushes and pulls. It holds no store of its own.
 */
export class TestTerminal {
  seq = 0;
  constructor(
    readonly call: SyncCall,
    readonly terminalId: string,
    readonly storeId: string,
    readonly clock: TestClock,
  ) {}

  /** Gives the next seq to an op without a seq. */
  op<K extends PushOp['kind']>(kind: K, payload: Extract<PushOp, { kind: K }>['payload'], extra: Partial<PushOp> = {}) {
    return {
      seq: ++this.seq,
      opId: newOpId(),
      at: this.clock.now(),
      staff: null,
      kind,
      payload,
      ...extra,
    } as Extract<PushOp, { kind: K }>;
  }

  register(fields: {
    cardNumber: string;
    name?: string;
    phone?: string | null;
    email?: string | null;
    memberId?: string;
  }) {
    return this.op('member.register', {
      memberId: fields.memberId ?? newEntityId(),
      cardNumber: fields.cardNumber,
      name: fields.name ?? 'Wang Fang',
      phone: fields.phone ?? null,
      email: fields.email ?? null,
      birthday: null,
      marketingConsent: false,
      active: true,
    });
  }

  award(
    member: { memberId: string } | { cardNumber: string },
    receiptNo: string,
    points: number,
    totalMinor = points * 100,
  ) {
    return this.op('points.award', {
      member,
      purchaseId: newEntityId(),
      receiptNo,
      totalMinor,
      paidMinor: totalMinor,
      pointsUsed: 0,
      headOfficeRuleVersion: null,
      tierName: null,
      lines: [{ sku: null, category: null, amountMinor: totalMinor }],
      entries: [{ entryId: newEntityId(), kind: 'earn', points }],
    });
  }

  ledger(
    member: { memberId: string } | { cardNumber: string },
    points: number,
    kind: 'redeem' | 'adjust' | 'refund_clawback' | 'redeem_void' = points < 0 ? 'redeem' : 'adjust',
    extra: { holdId?: string | null; onlineRedemptionId?: string | null } = {},
  ) {
    return this.op('points.ledger', {
      member,
      reason: null,
      refId: null,
      holdId: extra.holdId ?? null,
      onlineRedemptionId: extra.onlineRedemptionId ?? null,
      entries: [{ entryId: newEntityId(), kind, points }],
    });
  }

  push(ops: PushOp[]): Promise<Result<PushResult>> {
    return this.call('sync:push', { ops });
  }

  async pushOk(ops: PushOp[]): Promise<PushResult> {
    return ok(this.push(ops));
  }

  req<E extends EndpointName>(endpoint: E, input: EndpointInput<E>): Promise<Result<EndpointOutput<E>>> {
    return this.call(endpoint, input);
  }
}

/** A standalone-terminal card number (prefix 29, no block needed), valid check digit. */
export { chainCardNumber } from '../../src/shared/sync';
export const legacyCard = (n: number) => chainCardNumberWith(n, '29');
import { chainCardNumber as chainCardNumberWith } from '../../src/shared/sync';

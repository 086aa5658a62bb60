import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createSyncClient, type SyncCall } from '../../src/shared/sync';
import type { Result } from '../../src/shared/errors';
import { newAdminToken } from '../../src/server/auth/secrets';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import type { PgCluster } from '../server/pg-cluster';
import { SimNetwork } from './network';
import { between, pick, prng, type Rand } from './prng';
import { childTill, inProcessTill, type SimTill } from './terminal';
import { checkExpiry, checkInvariants, type Attempt, type InvariantReport } from './invariants';
import { runChainExpiry } from '../../src/server/expiry/run-expiry';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RuleSet } from '../../src/shared/contract/points';

const DAY = 24 * 3_600_000;
const EXPIRING: RuleSet = { ...DEFAULT_RULES, expiryMonths: 1 };

/**
 * One seeded scenario of a chain: S stores, T real terminal cores (some in child
 * processes that get SIGKILLed mid-push), the real head office on a real PostgreSQL, a
 * faulty network between them, and clocks that disagree. It runs random counter work
 * (registrations, awards, refunds, redemptions online and offline, members served in
 * other stores) while the network misbehaves and head office restarts, then heals
 * everything, drains every outbox, pulls everywhere and checks the invariants
 * (invariants.ts). Network timing makes a replay of a seed close to, not exactly, the
 * same run; the seed fixes every decision the scenario itself takes.
 */
export interface ScenarioOptions {
  seed: number;
  stores: number;
  terminals: number;
  steps: number;
  /** How many tills run in child processes (killable). */
  childTills: number;
  cluster: PgCluster;
  template: string;
}

export interface ScenarioResult extends InvariantReport {
  seed: number;
  ms: number;
  confirmed: number;
  /** Points head office expired forty days after the run (every till earns by expiring rules). */
  expired: number;
  kills: number;
  restarts: number;
  net: SimNetwork['stats'];
  refusals: Record<string, number>;
  /** Where the time went: setup (service, tills, enrolment), run, heal, check. */
  phases: Record<string, number>;
}

interface Member {
  id: string;
  card: string;
}

interface Award {
  opId: string;
  till: SimTill;
  receiptNo: string;
  /** Its receipt number was recorded at another till of the store too: head office keeps one. */
  contested: boolean;
  refunded: boolean;
}

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const EXPECTED_REFUSALS = new Set([
  'insufficientPoints',
  'needsConnection',
  'memberNotFound',
  'receiptNotFound',
  'alreadyReturned',
  'outOfStock',
]);

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const rand = prng(o.seed);
  const net = new SimNetwork(prng(o.seed ^ 0x5eed));
  let clock = START;
  const now = () => clock;
  const adminToken = newAdminToken();
  const pgUrl = await o.cluster.createDatabase(`sim_${process.pid}_${o.seed}_${randomUUID().slice(0, 6)}`, o.template);
  const serviceOpts = { pgUrl, adminToken, now, log: silentLogger, tickEveryMs: 0, pruneEveryMs: 0, poolMax: 10 };
  let service: RunningService = await startService(serviceOpts);
  net.target = service.url;
  const admin: SyncCall = (endpoint, input) =>
    createSyncClient({ baseUrl: net.target }).withCredential(adminToken)(endpoint, input);
  const must = async <T>(p: Promise<Result<T>>, what: string): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`seed ${o.seed} ${what}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };

  const dir = mkdtempSync(join(tmpdir(), `perkdesk-sim-${o.seed}-`));
  const tills: SimTill[] = [];
  const attempts = new Map<string, Attempt>();
  const refusals: Record<string, number> = {};
  const unexpected: string[] = [];
  let restarts = 0;
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const at = performance.now();
    phases[name] = Math.round(at - mark);
    mark = at;
  };
  try {
    const stores = [];
    for (let s = 0; s < o.stores; s++)
      stores.push((await must(admin('admin:createStore', { name: `S${s}` }), 'store')).id);
    const rewards: string[] = [];
    for (const cost of [10, 25, 60, 150]) {
      const r = await must(
        admin('admin:saveReward', { storeId: null, reward: { name: `Gift ${cost}`, kind: 'goods', costPoints: cost } }),
        'reward',
      );
      rewards.push(r.id);
    }
    const allowances: number[] = [];
    for (let i = 0; i < o.terminals; i++) {
      const store = i % o.stores;
      // Skewed clocks: each till up to ±20 minutes off head office, for the whole run.
      const skew = between(rand, -20 * 60_000, 20 * 60_000);
      const common = {
        name: `T${i}`,
        store,
        dbPath: join(dir, `till-${i}.sqlite`),
        now: () => clock + skew,
        fetch: net.fetchFor({ store }),
      };
      const till = i < o.childTills ? await childTill(common) : await inProcessTill(common);
      tills.push(till);
      const allowance = pick(rand, [0, 50, 120, 300]);
      allowances.push(allowance);
      await must(till.call('settings:update', { chainOfflineAllowancePoints: allowance }, 'manager'), 'allowance');
      await must(till.call('points:saveRules', { rules: EXPIRING }, 'manager'), 'rules');
      const { code } = await must(admin('admin:issueEnrolmentCode', { storeId: stores[store] }), 'code');
      await must(till.call('sync:enrol', { serverUrl: service.url, code, name: `T${i}` }, 'manager'), 'enrol');
      await must(till.call('sync:now', {}), 'first sync');
    }

    phase('setup');
    // Three members with a modest balance every till knows: what several tills spend at once.
    const members: Member[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await must(
        tills[0].call('members:register', { name: `Regular ${i}`, email: `r${o.seed}-${i}@sim.example` }),
        'regular',
      );
      const opId = randomUUID();
      await must(
        tills[0].call('points:award', {
          opId,
          memberId: (m as { id: string }).id,
          receiptNo: `W-${i}`,
          totalMinor: between(rand, 5_000, 20_000),
        }),
        'warm-up award',
      );
      members.push({ id: (m as { id: string }).id, card: (m as { cardNumber: string }).cardNumber });
    }
    for (const t of tills) await must(t.call('sync:now', {}), 'warm-up sync');

    // ---------------------------------------------------------------- the run
    net.faults = { dropRequest: 0.08, dropAnswer: 0.12, duplicate: 0.08, replayLater: 0.08, maxDelayMs: 3 };
    const awards: Award[] = [];
    let n = 0;
    const attempt = (opId: string, kind: string, till: SimTill): Attempt => {
      const a: Attempt = { opId, kind, till: till.name, idx: attempts.size, confirmed: false };
      attempts.set(opId, a);
      return a;
    };
    const answered = (r: Result<unknown>, what: string): r is { ok: true; value: unknown } => {
      if (r.ok) return true;
      const killed = r.error.details?.killed === true;
      const reason = killed ? 'killed' : String(r.error.details?.reason ?? r.error.code);
      refusals[reason] = (refusals[reason] ?? 0) + 1;
      if (!killed && !EXPECTED_REFUSALS.has(reason)) unexpected.push(`${what}: ${r.error.code} ${r.error.message}`);
      return false;
    };
    const localMember = async (till: SimTill, m: Member): Promise<boolean> => {
      const has = async () => (await till.read('SELECT 1 FROM members WHERE id = ?', [m.id])).length > 0;
      if (await has()) return true;
      // A member of another store not pulled yet: the counter asks head office by card.
      const r = await till.call('sync:lookup', { cardNumber: m.card });
      if (!r.ok) answered(r, 'sync:lookup');
      return has();
    };

    const act = async (till: SimTill, r: number, step: number) => {
      if (r < 0.18 || members.length < 3) {
        const opId = randomUUID();
        const a = attempt(opId, 'register', till);
        const res = await till.call('members:register', {
          name: `Member ${o.seed}-${step}`,
          email: `m${o.seed}-${step}@sim.example`,
          opId,
        });
        if (answered(res, 'register')) {
          const m = res.value as { id: string; cardNumber: string };
          members.push({ id: m.id, card: m.cardNumber });
          a.confirmed = true;
        }
      } else if (r < 0.5) {
        const m = pick(rand, members);
        if (!(await localMember(till, m))) return;
        const rival = awards.find((w) => w.till.store === till.store && w.till !== till && !w.contested && !w.refunded);
        const contested = rival !== undefined && rand() < 0.08;
        const receiptNo = contested ? rival.receiptNo : `R-${step}`;
        const opId = randomUUID();
        const a = attempt(opId, 'award', till);
        const res = await till.call('points:award', {
          opId,
          memberId: m.id,
          receiptNo,
          totalMinor: between(rand, 2_000, 30_000),
        });
        if (answered(res, 'award')) {
          a.confirmed = true;
          a.points = (res.value as { pointsEarned: number }).pointsEarned;
          a.receipt = { store: till.store, receiptNo };
          if (contested) rival.contested = true;
          awards.push({ opId, till, receiptNo, contested, refunded: false });
        }
      } else if (r < 0.58) {
        const mine = awards.filter((w) => w.till === till && !w.contested && !w.refunded);
        if (mine.length === 0) return;
        const w = pick(rand, mine);
        const opId = randomUUID();
        const a = attempt(opId, 'refund', till);
        const res = await till.call('points:refund', { opId, receiptNo: w.receiptNo });
        if (answered(res, 'refund')) {
          a.confirmed = true;
          w.refunded = true;
        }
      } else if (r < 0.92) {
        // Mostly the first few members: several tills spending one balance at once.
        const m = rand() < 0.6 ? pick(rand, members.slice(0, 3)) : pick(rand, members);
        if (!(await localMember(till, m))) return;
        const opId = randomUUID();
        const a = attempt(opId, 'redeem', till);
        const res = await till.call('rewards:redeem', { opId, memberId: m.id, rewardId: pick(rand, rewards) });
        if (answered(res, 'redeem')) a.confirmed = true;
      } else {
        const res = await till.call('sync:now', {});
        if (!res.ok) answered(res, 'sync:now');
      }
    };

    for (let step = 0; step < o.steps; step++, n++) {
      clock += between(rand, 1_000, 90_000);
      const e = rand();
      if (e < 0.14) {
        const s = between(rand, 0, o.stores - 1);
        if (net.partitioned.has(s)) net.partitioned.delete(s);
        else net.partitioned.add(s);
      } else if (e < 0.17) {
        // Head office restarts (a new process would do the same: nothing is kept in memory).
        await service.close();
        net.serviceDown = true;
        clock += 5_000;
        service = await startService(serviceOpts);
        net.target = service.url;
        net.serviceDown = false;
        restarts++;
      } else if (e < 0.24) {
        await net.deliverGhosts();
      } else if (e < 0.34) {
        const killable = tills.filter((t) => t.inChild);
        if (killable.length > 0) pick(rand, killable).armKill(rand() < 0.5 ? 'beforePush' : 'afterPush');
      }
      // Mostly one till at a time; sometimes two at once (racing for the same points).
      const busy = rand() < 0.2 && tills.length > 1 ? [pick(rand, tills), pick(rand, tills)] : [pick(rand, tills)];
      const uniq = [...new Set(busy)];
      const rs = uniq.map(() => rand());
      await Promise.all(uniq.map((t, i) => act(t, rs[i], step * 10 + i)));
      for (const t of uniq) {
        if (t.inChild && t.kills > 0) await restartIfDead(t);
      }
    }

    phase('run');
    // ---------------------------------------------------------------- heal
    net.heal();
    for (const t of tills) t.armKill(null);
    await net.deliverGhosts();
    for (const t of tills) await restartIfDead(t);
    const lastRound = new Map<SimTill, unknown>();
    let waiting: { till: SimTill; n: number }[] = [];
    for (let round = 0; round < 20; round++) {
      for (const t of tills) lastRound.set(t, await t.call('sync:now', {}));
      waiting = [];
      for (const t of tills) {
        const n = (await t.read<{ n: number }>("SELECT count(*) AS n FROM sync_outbox WHERE state = 'pending'"))[0].n;
        if (n > 0) waiting.push({ till: t, n });
      }
      if (waiting.length === 0) break;
    }
    // Still waiting after the heal: say first why (the till's last round), before the
    // invariants list every op it did not send.
    for (const { till, n } of waiting) {
      unexpected.unshift(
        `${till.name} still has ${n} waiting after healing; its last sync:now: ${JSON.stringify(lastRound.get(till)).slice(0, 300)}`,
      );
    }
    // Everyone has pushed everything: one more round pulls every change everywhere.
    for (const t of tills) await t.call('sync:now', {});

    phase('heal');
    const report = await checkInvariants({
      pool: service.pool,
      admin,
      tills,
      attempts,
      allowances,
      unexpected,
    });
    phase('check');
    // ---------------------------------------------------------------- expiry
    // Every till earns by rules whose points expire (a month): forty days on, head office
    // alone expires what is left of them, once, and every till converges on it.
    clock += 40 * DAY;
    const expired = await runChainExpiry(service.pool, clock);
    const again = await runChainExpiry(service.pool, clock);
    if (again.points !== 0) report.violations.push(`a second expiry run expired ${again.points} more points`);
    for (const t of tills) await t.call('sync:now', {});
    report.violations.push(...(await checkExpiry(service.pool, admin, tills)));
    phase('expiry');
    return {
      ...report,
      phases,
      seed: o.seed,
      ms: performance.now() - t0,
      confirmed: [...attempts.values()].filter((a) => a.confirmed).length,
      expired: expired.points,
      kills: tills.reduce((k, t) => k + t.kills, 0),
      restarts,
      net: net.stats,
      refusals,
    };
  } finally {
    for (const t of tills) await t.close().catch(() => {});
    await service.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A killed child till is started again on its own file, as a cashier would restart the app. */
async function restartIfDead(t: SimTill): Promise<void> {
  if (!t.inChild) return;
  try {
    await t.read('SELECT 1');
  } catch {
    await t.restart();
  }
}

export type { Rand };

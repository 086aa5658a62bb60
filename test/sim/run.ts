import { parseArgs } from 'node:util';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';
import { runScenario, type ScenarioResult } from './scenario';

/**
 * `npm run sim -- --seeds N --stores S --terminals T [--steps K] [--children C] [--first F] [--concurrency J]`
 *
 * Runs seeds F … F+N−1 (scenario.ts) on one throwaway PostgreSQL cluster and prints one
 * line per seed, then exactly `seeds=N violations=V lost=L overdraw_max=X bound=B` last.
 * Exit code 1 when anything was violated or lost.
 */
export interface SimOptions {
  seeds: number;
  first: number;
  stores: number;
  terminals: number;
  steps: number;
  children: number;
  /** Seeds run at once (default 1): their network waits overlap. */
  concurrency?: number;
}

export const TEMPLATE = 'template_sim';

export async function prepareCluster(cluster: PgCluster): Promise<void> {
  await cluster.createDatabase(TEMPLATE);
  const pool = createPool(cluster.urlFor(TEMPLATE), { max: 1 });
  await migrate(pool);
  await pool.end();
}

export interface SimSummary {
  results: ScenarioResult[];
  line: string;
  failed: boolean;
}

export async function runSeeds(
  cluster: PgCluster,
  template: string,
  o: SimOptions,
  onResult: (r: ScenarioResult) => void = () => {},
): Promise<SimSummary> {
  const results: ScenarioResult[] = [];
  let nextSeed = o.first;
  const one = async (seed: number) => {
    let r: ScenarioResult;
    try {
      r = await runScenario({
        seed,
        stores: o.stores,
        terminals: o.terminals,
        steps: o.steps,
        // Every fourth seed runs its first `children` tills in child processes (a kill costs a process start).
        childTills: seed % 4 === 0 ? o.children : 0,
        cluster,
        template,
      });
    } catch (err) {
      r = {
        seed,
        ms: 0,
        violations: [`the scenario itself failed: ${(err as Error).stack ?? String(err)}`],
        lost: 0,
        overdrawMax: 0,
        bound: 0,
        spends: { online: 0, offline: 0 },
        confirmed: 0,
        expired: 0,
        kills: 0,
        restarts: 0,
        net: { requests: 0, droppedRequests: 0, droppedAnswers: 0, duplicates: 0, replays: 0, refused: 0 },
        refusals: {},
        phases: {},
      };
    }
    results.push(r);
    onResult(r);
  };
  const worker = async () => {
    while (nextSeed < o.first + o.seeds) await one(nextSeed++);
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 1) }, worker));
  results.sort((a, b) => a.seed - b.seed);
  const violations = results.reduce((s, r) => s + r.violations.length, 0);
  const lost = results.reduce((s, r) => s + r.lost, 0);
  const overdraw = Math.max(0, ...results.map((r) => r.overdrawMax));
  const bound = Math.max(0, ...results.map((r) => r.bound));
  return {
    results,
    failed: violations > 0 || lost > 0,
    line: `seeds=${results.length} violations=${violations} lost=${lost} overdraw_max=${overdraw} bound=${bound}`,
  };
}

export function describeResult(r: ScenarioResult): string {
  const n = r.net;
  return (
    `seed ${r.seed}: ${r.violations.length} violations, ${r.lost} lost, ${r.confirmed} confirmed, ` +
    `redeemed ${r.spends.online} online ${r.spends.offline} offline, expired ${r.expired} at head office, ` +
    `overdraw ${r.overdrawMax}/${r.bound}, ${r.kills} kills, ${r.restarts} restarts, ` +
    `net ${n.requests} req (${n.droppedRequests} dropped, ${n.droppedAnswers} answers lost, ${n.duplicates} dup, ` +
    `${n.replays} replayed, ${n.refused} refused), ${Math.round(r.ms)} ms ${JSON.stringify(r.phases)} ${JSON.stringify(r.refusals)}`
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      first: { type: 'string', default: '1' },
      stores: { type: 'string', default: '2' },
      terminals: { type: 'string', default: '4' },
      steps: { type: 'string', default: '60' },
      children: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '1' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const num = (s: string | undefined, min: number) => {
    const x = Number(s);
    if (!Number.isInteger(x) || x < min) throw new Error(`bad number ${s}`);
    return x;
  };
  const o: SimOptions = {
    seeds: num(values.seeds, 1),
    first: num(values.first, 0),
    stores: num(values.stores, 1),
    terminals: num(values.terminals, 1),
    steps: num(values.steps, 1),
    children: num(values.children, 0),
    concurrency: num(values.concurrency, 1),
  };
  if (o.terminals < o.stores) throw new Error('--terminals is the total number of tills: at least one per store');
  const t0 = performance.now();
  const cluster = await startPgCluster({ prefix: 'perkdesk-sim-pg-' });
  try {
    await prepareCluster(cluster);
    const summary = await runSeeds(cluster, TEMPLATE, o, (r) => {
      console.log(describeResult(r));
      for (const line of r.violations.slice(0, values.verbose ? 1000 : 10)) console.log(`  ${line}`);
    });
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(summary.line);
    process.exitCode = summary.failed ? 1 : 0;
  } finally {
    cluster.stop();
  }
}

if (process.argv[1] && /run\.ts$/.test(process.argv[1])) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}

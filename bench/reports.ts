import type { Core } from '../src/main/core/open-core';
import { percentile, round, type BenchResult } from './stats';
import { tierDistribution, tierDistributionByScan } from '../src/main/core/reports/period-reports';
import { ruleSetAt } from '../src/main/core/points/rules-repo';

/**
 * The reports page through the dispatcher, as a manager opens it: each of its five calls
 * and the whole page (today, last 30 days), plus the long periods issue 13 measured
 * (top members and summary over a year). Results `reports.<name>` with p50 over
 * `runs` calls (the first call warms the cache and is not counted).
 *
 * Beside them, in the same run, `reports.scan.*`: the same figures computed the way the
 * reports did before migration 011 (one scan of the period's ledger, purchases and
 * refunds; top members by the member index), so the gain is a ratio on the same data.
 */
export interface BenchReportsOptions {
  managerToken: string;
  runs?: number;
}

const DAY = 86_400_000;

export async function benchReports(core: Core, opts: BenchReportsOptions): Promise<Record<string, BenchResult>> {
  const runs = opts.runs ?? 5;
  const now = core.config.now();
  const midnight = now - (now % DAY); // UTC midnight: the bench store has no time zone setting
  const periods = {
    today: { from: midnight, to: now + 1 },
    '30d': { from: midnight - 29 * DAY, to: now + 1 },
    year: { from: midnight - 364 * DAY, to: now + 1 },
  };
  const call = async (channel: string, input: unknown) => {
    const r = await core.dispatch(channel, input, { token: opts.managerToken });
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  };
  const out: Record<string, BenchResult> = {};
  const time = async (name: string, fn: () => Promise<unknown> | unknown) => {
    await fn();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    out[`reports.${name}`] = {
      p50_ms: round(percentile(samples, 50), 1),
      p99_ms: round(Math.max(...samples), 1),
      samples: runs,
      goal_p50_ms: 1000,
    };
  };
  for (const [label, period] of Object.entries(periods).slice(0, 2)) {
    const page = [
      () => call('reports:summary', period),
      () => call('reports:topMembers', { ...period, limit: 10 }),
      () => call('reports:tierDistribution', {}),
      () => call('reports:redemptionByReward', period),
      () => call('reports:expiryForecast', { days: 90 }),
    ];
    const names = ['summary', 'topMembers', 'tierDistribution', 'redemptionByReward', 'expiryForecast'];
    for (const [i, fn] of page.entries()) {
      // Period-free calls are the same for both periods: timed once.
      if (label !== 'today' && (names[i] === 'tierDistribution' || names[i] === 'expiryForecast')) continue;
      await time(
        label === 'today' && !['summary', 'topMembers', 'redemptionByReward'].includes(names[i])
          ? names[i]
          : `${names[i]}.${label}`,
        fn,
      );
    }
    // The page as the renderer asks for it: five calls at once.
    await time(`page.${label}`, () => Promise.all(page.map((fn) => fn())));
  }
  await time('topMembers.year', () => call('reports:topMembers', { ...periods.year, limit: 10 }));
  await time('summary.year', () => call('reports:summary', periods.year));

  // Before migration 011, on the same data: the period scans the summary report made.
  const db = core.db;
  const scanSummary = (from: number, to: number) => {
    db.prepare(
      `SELECT count(*), sum(total_minor), sum(discount_minor), sum(paid_minor) FROM points_purchases
       WHERE created_at >= ? AND created_at < ?`,
    ).get(from, to);
    db.prepare('SELECT count(*), sum(amount_minor) FROM points_refunds WHERE created_at >= ? AND created_at < ?').get(
      from,
      to,
    );
    db.prepare(
      'SELECT kind, sum(points) FROM points_ledger WHERE created_at >= ? AND created_at < ? GROUP BY kind',
    ).all(from, to);
  };
  const scanTop = (from: number, to: number) =>
    db
      .prepare(
        `SELECT member_id, count(*), sum(paid_minor), sum(points_earned) FROM points_purchases
         INDEXED BY points_purchases_member WHERE created_at >= ? AND created_at < ? GROUP BY member_id`,
      )
      .all(from, to);
  // Tiers (the bench store's rules have none): a two-tier ladder over a 12-month window,
  // from the month totals (the channel's path) and by the window scan, same data.
  const tiered = {
    ...ruleSetAt(db, now).rules,
    tierWindowMonths: 12,
    tiers: [
      { name: 'Silver', thresholdMinor: 50_000, multiplierPercent: 110 },
      { name: 'Gold', thresholdMinor: 200_000, multiplierPercent: 150 },
    ],
  };
  await time('tierDistribution.tiers', () => tierDistribution(db, now, tiered));
  await time('scan.tierDistribution.tiers', () => tierDistributionByScan(db, now, tiered));
  await time('scan.summary.year', () => scanSummary(periods.year.from, periods.year.to));
  await time('scan.topMembers.today', () => scanTop(periods.today.from, periods.today.to));
  await time('scan.topMembers.year', () => scanTop(periods.year.from, periods.year.to));
  for (const [name, base] of [
    ['summary.year', 'scan.summary.year'],
    ['topMembers.today', 'scan.topMembers.today'],
    ['topMembers.year', 'scan.topMembers.year'],
    ['tierDistribution.tiers', 'scan.tierDistribution.tiers'],
  ]) {
    const r = out[`reports.${name}`];
    const b = out[`reports.${base}`];
    if (r?.p50_ms && b?.p50_ms) {
      r.ratio = round(r.p50_ms / b.p50_ms, 3);
      r.baseline = `reports.${base} (the pre-011 query, same run)`;
    }
  }
  return out;
}

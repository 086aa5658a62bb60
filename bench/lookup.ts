import type { Core } from '../src/main/core/open-core';
import { searchMembers, ftsPhrase } from '../src/main/core/members/search';
import { nameKey } from '../src/main/core/members/normalize';
import { summarize, timeEach, round, type BenchResult } from './stats';
import { MEMBER_LOOKUP_LIMIT } from '../src/shared/contract/members';

/**
 * Counter lookups at scale. Each kind is timed three ways on the same database:
 * - the core's path as the renderer meets it: `dispatch('members:search')` with a
 *   cashier session (validation, session and role check, transaction, search, DTOs);
 *   these are `p50_ms` / `p99_ms` / `ops_per_s`;
 * - the search function called directly (`direct_p50_ms`, `direct_p99_ms`);
 * - a bare better-sqlite3 query of the same kind on an index (`baseline_p50_ms`), so
 *   `ratio` = p50 / baseline_p50 shows what the layers above SQLite cost.
 *
 * Queries are sampled from the members actually in the database.
 */
export interface BenchLookupOptions {
  /** Timed calls per kind (default 2000). */
  iterations?: number;
  warmup?: number;
  seed?: number;
  /** A signed-in session token; without one a bench cashier session is created. */
  token?: string;
}

export const LOOKUP_NAMES = [
  'lookup.card',
  'lookup.phone',
  'lookup.phone_last4',
  'lookup.name',
  'lookup.name_cjk2',
] as const;
export type LookupName = (typeof LOOKUP_NAMES)[number];

interface Sample {
  card_number: string;
  phone: string | null;
  phone_last4: string | null;
  name_key: string | null;
}

function sampler(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return a / 4294967296;
  };
}

/** Picks `count` random live members (by seq, so no full scan). */
function sampleMembers(core: Core, count: number, seed: number): Sample[] {
  const { lo, hi } = core.db.prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM members').get() as {
    lo: number | null;
    hi: number | null;
  };
  if (lo === null || hi === null) throw new Error('benchLookups: no members; run generateMembers first');
  const rand = sampler(seed);
  const get = core.db.prepare(
    'SELECT card_number, phone, phone_last4, name_key FROM members WHERE seq >= ? AND erased_at IS NULL ORDER BY seq LIMIT 1',
  );
  const out: Sample[] = [];
  while (out.length < count) out.push(get.get(lo + Math.floor(rand() * (hi - lo + 1))) as Sample);
  return out;
}

function queriesFor(samples: Sample[], rand: () => number) {
  const isHan = (s: string) => /^\p{Script=Han}+$/u.test(s);
  const cjk2 = samples.map((s) => s.name_key).filter((k): k is string => !!k && isHan(k) && [...k].length === 2);
  const names = samples
    .map((s) => s.name_key)
    .filter((k): k is string => !!k && [...k].length >= 3)
    .map((k) => {
      const chars = [...k];
      const len = Math.min(chars.length, 3 + Math.floor(rand() * 3));
      const at = Math.floor(rand() * (chars.length - len + 1));
      return chars.slice(at, at + len).join('');
    })
    .filter((q) => q.trim().length >= 3);
  const phones = samples.map((s) => s.phone).filter((p): p is string => !!p);
  return {
    card: samples.map((s) => s.card_number),
    // As a cashier types it: the national number, no country code.
    phone: phones.map((p) => (p.startsWith('+86') ? p.slice(3) : p)),
    phoneE164: phones,
    last4: samples.map((s) => s.phone_last4).filter((p): p is string => !!p),
    name: names,
    cjk2,
  };
}

export async function benchLookups(
  core: Core,
  opts: BenchLookupOptions = {},
): Promise<Record<LookupName, BenchResult>> {
  const iterations = opts.iterations ?? 2000;
  const warmup = opts.warmup ?? 200;
  const seed = opts.seed ?? 7;
  // Member look-ups are rate-limited per session (MEMBER_LOOKUP_LIMIT: a burst of 40, then
  // 2 a second); a benchmark runs thousands a second, so it spreads them over sessions,
  // each used for fewer calls than its burst — the limiter's own cost stays in the timing.
  const perSession = MEMBER_LOOKUP_LIMIT.burst - 1;
  const sessionTokens: string[] = [];
  const nextToken = (() => {
    let calls = 0;
    return () => {
      const k = Math.floor(calls++ / perSession);
      if (opts.token && k === 0) return opts.token;
      while (sessionTokens.length <= k)
        sessionTokens.push(
          core.sessions.create(
            { id: 'bench-cashier', username: 'bench', displayName: 'Bench', role: 'cashier' },
            core.config.now(),
          ).token,
        );
      return sessionTokens[k];
    };
  })();
  const db = core.db;
  const q = queriesFor(sampleMembers(core, Math.max(iterations, 2000), seed), sampler(seed + 1));
  if (q.cjk2.length === 0) throw new Error('benchLookups: no 2-character Chinese names in the sample');

  // The bare baselines: one prepared statement each, the index a hand-written query would use.
  const bare = {
    card: db.prepare('SELECT * FROM members WHERE card_number = ?'),
    phone: db.prepare('SELECT * FROM members WHERE phone = ?'),
    last4: db.prepare('SELECT * FROM members WHERE phone_last4 = ? LIMIT 20'),
    name: db.prepare(
      'SELECT m.* FROM members_fts f JOIN members m ON m.seq = f.rowid WHERE members_fts MATCH ? LIMIT 20',
    ),
    cjk2: db.prepare(
      'SELECT m.* FROM member_name_grams g JOIN members m ON m.seq = g.member_seq WHERE g.gram = ? LIMIT 20',
    ),
  };
  const country = 'CN' as const;
  const at = <T>(xs: T[], i: number) => xs[((i % xs.length) + xs.length) % xs.length];

  const kinds: [LookupName, string[], (i: number) => unknown][] = [
    ['lookup.card', q.card, (i) => bare.card.get(at(q.card, i))],
    ['lookup.phone', q.phone, (i) => bare.phone.get(at(q.phoneE164, i))],
    ['lookup.phone_last4', q.last4, (i) => bare.last4.all(at(q.last4, i))],
    ['lookup.name', q.name, (i) => bare.name.all(ftsPhrase(nameKey(at(q.name, i))))],
    ['lookup.name_cjk2', q.cjk2, (i) => bare.cjk2.all(at(q.cjk2, i))],
  ];

  const out = {} as Record<LookupName, BenchResult>;
  for (const [name, queries, baseline] of kinds) {
    let empty = 0;
    const viaDispatch = await timeEach(
      async (i) => {
        const r = await core.dispatch('members:search', { query: at(queries, i) }, { token: nextToken() });
        if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
        if ((r.value as { results: unknown[] }).results.length === 0) empty++;
      },
      { iterations, warmup },
    );
    const direct = await timeEach((i) => searchMembers(db, at(queries, i), country), { iterations, warmup });
    const bareTimes = await timeEach(baseline, { iterations, warmup });
    const main = summarize(viaDispatch);
    const d = summarize(direct);
    const b = summarize(bareTimes);
    out[name] = {
      ...main,
      baseline_p50_ms: b.p50_ms,
      baseline_p99_ms: b.p99_ms,
      ratio: b.p50_ms ? round((main.p50_ms ?? 0) / b.p50_ms, 2) : undefined,
      direct_p50_ms: d.p50_ms,
      direct_p99_ms: d.p99_ms,
      // Sampled queries should all find someone; a non-zero count means a broken path.
      empty_results: empty,
    };
  }
  return out;
}

/**
 * The managers' list: first page (with the total count) and pages deep into the list by
 * keyset cursor, per sort. Not one of the five lookups; members-only.ts reports it.
 */
export async function benchMemberList(
  core: Core,
  opts: { token: string; pages?: number },
): Promise<Record<string, BenchResult>> {
  const out: Record<string, BenchResult> = {};
  for (const sort of ['name', 'createdAt', 'cardNumber'] as const) {
    for (const status of ['all', 'inactive'] as const) {
      const first: number[] = [];
      const next: number[] = [];
      for (let round = 0; round < 5; round++) {
        let t = performance.now();
        let r = await core.dispatch('members:list', { sort, status, limit: 200 }, { token: opts.token });
        first.push(performance.now() - t);
        if (!r.ok) throw new Error(`members:list: ${r.error.message}`);
        let cursor = (r.value as { nextCursor: string | null }).nextCursor;
        for (let p = 0; p < (opts.pages ?? 20) && cursor; p++) {
          t = performance.now();
          r = await core.dispatch('members:list', { sort, status, limit: 200, cursor }, { token: opts.token });
          next.push(performance.now() - t);
          if (!r.ok) throw new Error(`members:list: ${r.error.message}`);
          cursor = (r.value as { nextCursor: string | null }).nextCursor;
        }
      }
      out[`list.${sort}.${status}.first_page`] = summarize(first);
      if (next.length > 0) out[`list.${sort}.${status}.next_page`] = summarize(next);
    }
  }
  return out;
}

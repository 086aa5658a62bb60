import type { CountryCode } from 'libphonenumber-js/max';
import type { ReadDb } from '../db/open-database';
import type { Refuser, Refuse } from '../context';
import type { MemberListPage, MemberListSort } from '../../../shared/contract/members';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './member-repo';
import { searchMembers } from './search';
import { stmt } from '../db/statements';

const countsKept = new WeakSet<object>();

/** The kept counts, or null on a store without migration 016 (remembered once seen). */
function keptCounts(db: ReadDb): { live: number; inactive: number } | null {
  if (!countsKept.has(db)) {
    const has = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'members_counts'").get();
    if (!has) return null;
    countsKept.add(db);
  }
  return (
    (stmt(db, 'SELECT live, inactive FROM members_counts WHERE id = 1').get() as
      { live: number; inactive: number } | undefined) ?? null
  );
}

/** The kept counts against a count of the table (the daily check; null when not kept). */
export function checkMemberCounts(db: ReadDb): string[] {
  const kept = keptCounts(db);
  if (!kept) return [];
  const live = db.prepare(`SELECT count(*) FROM members m WHERE ${LIVE}`).pluck().get() as number;
  const inactive = db.prepare(`SELECT count(*) FROM members m WHERE ${LIVE} AND m.active = 0`).pluck().get() as number;
  return kept.live === live && kept.inactive === inactive
    ? []
    : [`member counts kept as ${kept.live} live / ${kept.inactive} inactive, the table has ${live} / ${inactive}`];
}

/**
 * The managers' member list, paged by keyset (WHERE (key, seq) > (last key, last seq)
 * ORDER BY key, seq LIMIT n) over an index: page 50,000 costs what page 1 costs, where
 * OFFSET would walk every skipped row. Erased (pseudonymised) members are not listed.
 */
export interface ListOptions {
  sort: MemberListSort;
  direction: 'asc' | 'desc';
  status: 'all' | 'active' | 'inactive';
  text?: string;
  cursor?: string;
  limit: number;
}

const SORT_COLUMN: Record<MemberListSort, string> = {
  name: 'm.name_key',
  createdAt: 'm.created_at',
  cardNumber: 'm.card_number',
};

/**
 * "Not erased" is written as `name_key IS NOT NULL` (a live member always has a name,
 * an erased one never) because that is the condition of the partial indexes the
 * planner can then use, for the pages and for the counts.
 */
const LIVE = 'm.name_key IS NOT NULL';

type CursorValue = [string | number, number];

function encodeCursor(v: CursorValue): string {
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
}

function decodeCursor(s: string, refuse: Refuse<'cursorInvalid'>): CursorValue {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (typeof v[0] === 'string' || Number.isSafeInteger(v[0])) &&
      Number.isSafeInteger(v[1])
    ) {
      return v as CursorValue;
    }
  } catch {
    /* fall through */
  }
  throw refuse('cursorInvalid', { field: 'cursor' });
}

const STATUS_SQL = { all: '', active: ' AND m.active = 1', inactive: ' AND m.active = 0' } as const;

export function listMembers(ctx: Refuser<'cursorInvalid'>, opts: ListOptions, country: CountryCode): MemberListPage {
  const { db } = ctx;
  if (opts.text !== undefined) {
    // A text filter reads like the search box and returns one bounded page.
    const hits = searchMembers(db, opts.text, country, opts.limit).results;
    const rows = hits.filter((r) => opts.status === 'all' || r.active === (opts.status === 'active'));
    return { rows, nextCursor: null, total: rows.length };
  }
  const key = SORT_COLUMN[opts.sort];
  const desc = opts.direction === 'desc';
  const cmp = desc ? '<' : '>';
  const order = desc ? 'DESC' : 'ASC';
  const where = [LIVE + STATUS_SQL[opts.status]];
  const params: (string | number)[] = [];
  if (opts.cursor !== undefined) {
    const [value, seq] = decodeCursor(opts.cursor, ctx.refuse);
    where.push(`(${key}, m.seq) ${cmp} (?, ?)`);
    params.push(value, seq);
  }
  const sql = `SELECT ${SUMMARY_COLUMNS}, ${key} AS sort_value FROM members m
    WHERE ${where.join(' AND ')} ORDER BY ${key} ${order}, m.seq ${order} LIMIT ?`;
  const raw = db.prepare(sql).all(...params, opts.limit + 1) as (SummaryRow & { sort_value: string | number })[];
  const hasMore = raw.length > opts.limit;
  const page = raw.slice(0, opts.limit);
  const last = page[page.length - 1];
  const total = opts.cursor === undefined ? countMembers(db, opts.status) : null;
  return {
    rows: page.map((r) => toSummary(r, country)),
    nextCursor: hasMore && last ? encodeCursor([last.sort_value, last.seq]) : null,
    total,
  };
}

/**
 * From `members_counts` (one row kept by triggers, migration 016) when the store has it;
 * otherwise both counts read a partial index; "active" is their difference (no table scan).
 */
function countMembers(db: ReadDb, status: ListOptions['status']): number {
  const kept = keptCounts(db);
  if (kept) return status === 'all' ? kept.live : status === 'inactive' ? kept.inactive : kept.live - kept.inactive;
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const inactive = () => count(`SELECT count(*) FROM members m WHERE ${LIVE} AND m.active = 0`);
  if (status === 'inactive') return inactive();
  const all = count(`SELECT count(*) FROM members m WHERE ${LIVE}`);
  return status === 'all' ? all : all - inactive();
}

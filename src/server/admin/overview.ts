import type { LiabilityDto, OverviewDto, StoreSummaryDto, TerminalStatusDto } from '../../shared/headoffice/admin-api';
import type { TerminalDto } from '../../shared/sync';
import { listTerminals } from '../auth/terminals';
import type { ServiceContext } from '../context';

/**
 * A terminal heard from within this long is online. Idle terminals sync every ~15 s and
 * last_seen_at moves at most every 30 s (src/server/auth/terminals.ts): two minutes is a
 * few missed rounds, not one slow request.
 */
export const ONLINE_WINDOW_MS = 2 * 60_000;

export function terminalStatus(t: TerminalDto, now: number): TerminalStatusDto {
  const lastSyncAt = Math.max(t.lastPushAt ?? -1, t.lastPullAt ?? -1);
  const state =
    t.revokedAt !== null
      ? 'revoked'
      : t.lastSeenAt === null
        ? 'never'
        : now - t.lastSeenAt <= ONLINE_WINDOW_MS
          ? 'online'
          : 'offline';
  // Sync lag: how long the oldest op the terminal last said was waiting has not reached
  // head office. It keeps growing while a terminal with waiting ops stays away — those
  // sales really are missing here; a terminal that said "nothing waits" has none.
  const syncLagMs =
    t.outboxDepth === null
      ? null
      : t.outboxDepth === 0 || t.outboxOldestAt === null
        ? 0
        : Math.max(0, now - t.outboxOldestAt);
  return {
    id: t.id,
    storeId: t.storeId,
    name: t.name,
    state,
    lastSeenAt: t.lastSeenAt,
    lastSyncAt: lastSyncAt < 0 ? null : lastSyncAt,
    queueDepth: t.outboxDepth,
    syncLagMs,
    needsAttention: Number(t.parked) + Number(t.rejected) + Number(t.conflicts),
    offlineAllowancePoints: t.offlineAllowancePoints,
  };
}

async function stores(ctx: ServiceContext): Promise<StoreSummaryDto[]> {
  const r = await ctx.pool.query(
    `SELECT s.id, s.name, s.created_at,
       (SELECT count(*) FROM terminals t WHERE t.store_id = s.id AND t.revoked_at IS NULL) AS terminals,
       (SELECT count(*) FROM members m WHERE m.home_store_id = s.id AND m.merged_into IS NULL AND m.erased_at IS NULL)
         AS members
     FROM stores s ORDER BY s.name, s.id`,
  );
  return r.rows.map((s) => ({
    id: s.id,
    name: s.name,
    createdAt: s.created_at,
    terminals: Number(s.terminals),
    members: Number(s.members),
  }));
}

/**
 * What the chain owes in points: positive balances of members who can still spend them;
 * beside it what overdrawn members owe it, and what offline terminals could still let one
 * member overdraw (from `terminals`, the statuses of this same overview).
 */
export async function liability(ctx: ServiceContext, terminals: readonly TerminalStatusDto[]): Promise<LiabilityDto> {
  const r = await ctx.pool.query(
    `SELECT m.home_store_id AS store_id, sum(b.balance) AS points, sum(least(b.held, b.balance)) AS held,
       count(*) AS members
     FROM balances b JOIN members m ON m.id = b.member_id
     WHERE b.balance > 0 AND m.merged_into IS NULL AND m.erased_at IS NULL
     GROUP BY m.home_store_id ORDER BY m.home_store_id NULLS LAST`,
  );
  const byStore = r.rows.map((x) => ({ storeId: x.store_id, points: Number(x.points), members: Number(x.members) }));
  const owed = await ctx.pool.query(
    `SELECT count(*) AS members, coalesce(-sum(b.balance), 0) AS points
     FROM balances b JOIN members m ON m.id = b.member_id
     WHERE b.balance < 0 AND m.merged_into IS NULL AND m.erased_at IS NULL`,
  );
  const offline = terminals.filter((t) => t.state === 'offline');
  return {
    outstandingPoints: byStore.reduce((a, s) => a + s.points, 0),
    heldPoints: r.rows.reduce((a, x) => a + Number(x.held), 0),
    membersWithPoints: byStore.reduce((a, s) => a + s.members, 0),
    byStore,
    overdrawnMembers: Number(owed.rows[0].members),
    overdrawnPoints: Number(owed.rows[0].points),
    offlineExposure: {
      terminalsOffline: offline.length,
      perMemberPoints: offline.reduce((a, t) => a + (t.offlineAllowancePoints ?? 0), 0),
      unreported: offline.filter((t) => t.offlineAllowancePoints === null).length,
    },
  };
}

export async function overview(ctx: ServiceContext): Promise<OverviewDto> {
  const now = ctx.now();
  const s = await stores(ctx);
  const terminals = (await listTerminals(ctx, {})).map((x) => terminalStatus(x, now));
  return {
    serverTime: now,
    onlineWindowMs: ONLINE_WINDOW_MS,
    stores: s,
    terminals,
    liability: await liability(ctx, terminals),
  };
}

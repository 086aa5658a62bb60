import {
  ADMIN_ACTIONS_PAGE,
  type AdminActionDto,
  type AdminActionKind,
  type AdminActionsDto,
} from '../../shared/headoffice/admin-api';
import type { ServiceContext } from '../context';
import type { Pool, PoolClient } from '../db/pool';

/**
 * Head office's own trail (migration 012): one row per store created, enrolment code
 * issued, terminal revoked, rule set or reward saved, written by the action's own
 * statement or transaction so that an action is never without its record.
 */
export async function recordAdminAction(
  db: Pool | PoolClient,
  at: number,
  a: {
    action: AdminActionKind;
    storeId?: string | null;
    terminalId?: string | null;
    details?: AdminActionDto['details'];
  },
): Promise<void> {
  await db.query('INSERT INTO admin_actions (at, action, store_id, terminal_id, details) VALUES ($1, $2, $3, $4, $5)', [
    at,
    a.action,
    a.storeId ?? null,
    a.terminalId ?? null,
    JSON.stringify(a.details ?? {}),
  ]);
}

export async function listAdminActions(ctx: ServiceContext, q: { before?: number }): Promise<AdminActionsDto> {
  const r = await ctx.pool.query(
    `SELECT id, at, action, store_id, terminal_id, details FROM admin_actions
     WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2`,
    [q.before ?? null, ADMIN_ACTIONS_PAGE + 1],
  );
  return {
    actions: r.rows.slice(0, ADMIN_ACTIONS_PAGE).map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      storeId: row.store_id,
      terminalId: row.terminal_id,
      details: row.details,
    })),
    more: r.rows.length > ADMIN_ACTIONS_PAGE,
  };
}

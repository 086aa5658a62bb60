import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import type { HandlerContext } from '../context';
import { defineArea } from '../area';
import { newId, randomCode } from '../ids';
import { assertAcceptablePassword, authHandlers } from './auth-handlers';
import { hashSecret } from './passwords';
import { approve } from './approve-handler';
import { lookalikeUsername } from './username-skeleton';
import { recentActionCounts } from '../audit/audit-log';

/** The audit actions the repeated-failure alert counts. */
const FAILURE_ACTIONS = [
  'auth.signInFailed',
  'auth.unlockFailed',
  'approval.failed',
  'staff.passwordChangeFailed',
  'auth.backoff',
] as const;
import { findStaffById, findStaffByUsername, toStaffDto, type StaffRow } from './staff-repo';

export const RESET_CODE_TTL_MS = 15 * 60_000;

/**
 * Who may manage whom: managers manage cashiers; the owner manages managers and
 * cashiers; nobody deactivates the owner or themselves (a terminal must never end up
 * with no one able to sign in).
 */
function assertMayManage(ctx: HandlerContext<'ownAccount' | 'ownerAccount' | 'ownerOnly'>, target: StaffRow): void {
  const actor = ctx.requireActor();
  if (target.id === actor.staffId) throw ctx.refuse('ownAccount');
  if (target.role === 'owner') throw ctx.refuse('ownerAccount');
  if (target.role === 'manager' && actor.role !== 'owner') throw ctx.refuse('ownerOnly');
}

function loadTarget(ctx: HandlerContext<'staffNotFound'>, staffId: string): StaffRow {
  const row = findStaffById(ctx.db, staffId);
  if (!row) throw ctx.refuse('staffNotFound', { staffId });
  return row;
}

export const staffHandlers: AreaHandlers<'staff'> = {
  'staff:approve': approve,
  'staff:alerts': (ctx) => {
    const since = ctx.now() - 86_400_000;
    const { counts, lastAt } = recentActionCounts(ctx.db, FAILURE_ACTIONS, since);
    const failedAttempts = FAILURE_ACTIONS.filter((a) => a !== 'auth.backoff').reduce((n, a) => n + counts[a], 0);
    return { since, failedAttempts, backoffs: counts['auth.backoff'], lastAt };
  },
  'staff:list': (ctx) =>
    (ctx.db.prepare('SELECT * FROM staff ORDER BY active DESC, role, username').all() as StaffRow[]).map(toStaffDto),

  'staff:create': (ctx, input) => {
    const actor = ctx.requireActor();
    if (input.role === 'manager' && actor.role !== 'owner') {
      throw ctx.refuse('ownerOnly', {}, { message: 'Only the owner creates managers' });
    }
    if (findStaffByUsername(ctx.db, input.username)) throw ctx.refuse('usernameTaken', { field: 'username' });
    const lookalike = lookalikeUsername(ctx.db, input.username);
    if (lookalike) throw ctx.refuse('usernameLookalike', { field: 'username', lookalike });
    assertAcceptablePassword(ctx.refuse, input.password, input.username);
    const now = ctx.now();
    const id = newId();
    ctx.db
      .prepare(
        `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES (@id, @username, @display_name, @role, @password_hash, @created_at, @updated_at)`,
      )
      .run({
        id,
        username: input.username,
        display_name: input.displayName.trim(),
        role: input.role,
        password_hash: hashSecret(input.password, ctx.config.bcryptCost),
        created_at: now,
        updated_at: now,
      });
    return toStaffDto(findStaffById(ctx.db, id)!);
  },

  'staff:deactivate': (ctx, input) => {
    const target = loadTarget(ctx, input.staffId);
    assertMayManage(ctx, target);
    ctx.db.prepare('UPDATE staff SET active = 0, updated_at = ? WHERE id = ?').run(ctx.now(), target.id);
    const sessionsEnded = ctx.sessions.endAllFor(target.id);
    return noted(toStaffDto(findStaffById(ctx.db, target.id)!), { sessionsEnded });
  },

  'staff:reactivate': (ctx, input) => {
    const target = loadTarget(ctx, input.staffId);
    assertMayManage(ctx, target);
    ctx.db.prepare('UPDATE staff SET active = 1, updated_at = ? WHERE id = ?').run(ctx.now(), target.id);
    return toStaffDto(findStaffById(ctx.db, target.id)!);
  },

  'staff:issueResetCode': (ctx, input) => {
    const actor = ctx.requireActor();
    const target = loadTarget(ctx, input.staffId);
    assertMayManage(ctx, target);
    const now = ctx.now();
    // Only the newest code works: earlier unused ones are withdrawn.
    ctx.db
      .prepare('UPDATE staff_reset_codes SET expires_at = ? WHERE staff_id = ? AND used_at IS NULL AND expires_at > ?')
      .run(now, target.id, now);
    const code = randomCode(2, 4);
    const expiresAt = now + RESET_CODE_TTL_MS;
    ctx.db
      .prepare('INSERT INTO staff_reset_codes (id, staff_id, code_hash, issued_by, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(newId(), target.id, hashSecret(code, ctx.config.bcryptCost), actor.staffId, expiresAt);
    return noted({ code, expiresAt }, { username: target.username });
  },
};

/** The staff folder serves two channel areas: sign-in (`auth:`) and staff management (`staff:`). */
export const staffArea = defineArea({ name: 'staff', handlers: { ...authHandlers, ...staffHandlers } });

import type { EnrolmentCodeDto, EnrolResult, StoreDto, TerminalDto } from '../../shared/sync';
import type { Caller, ServiceContext } from '../context';
import { recordAdminAction } from '../admin/actions';
import { withTx } from '../db/tx';
import { AppError, conflict, notFound, unauthenticated } from '../errors';
import { newId } from '../ids';
import { chainPinKey } from './pin-key';
import {
  newEnrolmentCode,
  newSecret,
  normaliseEnrolmentCode,
  parseBearer,
  sameHash,
  sha256,
  terminalCredential,
} from './secrets';

/** Default lifetime of an enrolment code. */
export const ENROLMENT_CODE_TTL_MINUTES = 60;
/** last_seen_at is written at most this often per terminal (a write per request would hot-spot the row). */
const LAST_SEEN_EVERY_MS = 30_000;

export async function createStore(ctx: ServiceContext, input: { name: string }): Promise<StoreDto> {
  const id = newId();
  const at = ctx.now();
  const name = input.name.trim();
  await withTx(ctx.pool, async (db) => {
    await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $2, $3)', [id, name, at]);
    await recordAdminAction(db, at, { action: 'store.created', storeId: id, details: { name } });
  });
  return { id, name, createdAt: at };
}

export async function issueEnrolmentCode(
  ctx: ServiceContext,
  input: { storeId: string; ttlMinutes?: number },
): Promise<EnrolmentCodeDto> {
  const store = await ctx.pool.query('SELECT 1 FROM stores WHERE id = $1', [input.storeId]);
  if (store.rowCount === 0) throw notFound('Store', { storeId: input.storeId });
  const code = newEnrolmentCode();
  const at = ctx.now();
  const expiresAt = at + (input.ttlMinutes ?? ENROLMENT_CODE_TTL_MINUTES) * 60_000;
  await withTx(ctx.pool, async (db) => {
    await db.query(
      'INSERT INTO enrolment_codes (code_hash, store_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
      [sha256(normaliseEnrolmentCode(code)), input.storeId, expiresAt, at],
    );
    await recordAdminAction(db, at, { action: 'enrolmentCode.issued', storeId: input.storeId, details: { expiresAt } });
  });
  return { code, storeId: input.storeId, expiresAt };
}

/**
 * Spends the code and enrols the terminal in one transaction. The UPDATE that marks the
 * code used is also the check (unused, unexpired), so two terminals racing with the same
 * code cannot both win. A wrong, used and expired code get the same answer.
 */
export async function enrolTerminal(
  ctx: ServiceContext,
  input: { code: string; terminalId: string; name: string },
): Promise<EnrolResult> {
  const at = ctx.now();
  const secret = newSecret();
  return withTx(ctx.pool, async (db) => {
    const spent = await db.query(
      `UPDATE enrolment_codes SET used_at = $2, used_by = $3
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING store_id`,
      [sha256(normaliseEnrolmentCode(input.code)), at, input.terminalId],
    );
    if (spent.rowCount === 0) {
      throw new AppError(
        'UNAUTHENTICATED',
        'This enrolment code is wrong, used or expired: ask head office for a new one',
        {
          reason: 'badEnrolmentCode',
        },
      );
    }
    const storeId = spent.rows[0].store_id as string;
    const inserted = await db.query(
      `INSERT INTO terminals (id, store_id, name, secret_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [input.terminalId, storeId, input.name.trim(), sha256(secret), at],
    );
    if (inserted.rowCount === 0) {
      throw conflict('This terminal is already enrolled', { reason: 'alreadyEnrolled', terminalId: input.terminalId });
    }
    const store = await db.query('SELECT name FROM stores WHERE id = $1', [storeId]);
    return {
      terminalId: input.terminalId,
      storeId,
      storeName: store.rows[0].name as string,
      credential: terminalCredential(input.terminalId, secret),
      pinKey: await chainPinKey(db, at),
    };
  });
}

/** Who is calling: a live terminal (with its store), the admin, or nobody (UNAUTHENTICATED). */
export async function authenticate(
  ctx: ServiceContext,
  header: string | undefined,
  adminTokenHash: Buffer | null,
): Promise<Caller> {
  const parsed = parseBearer(header);
  if (!parsed) throw unauthenticated('Send the terminal credential as "Authorization: Bearer <credential>"');
  if (parsed.kind === 'admin') {
    if (adminTokenHash && sameHash(sha256(parsed.token), adminTokenHash)) return { kind: 'admin' };
    throw unauthenticated();
  }
  const r = await ctx.pool.query(
    'SELECT store_id, secret_hash, revoked_at, last_seen_at FROM terminals WHERE id = $1',
    [parsed.terminalId],
  );
  const row = r.rows[0] as
    { store_id: string; secret_hash: Buffer; revoked_at: number | null; last_seen_at: number | null } | undefined;
  // The same answer for an unknown terminal and a wrong secret.
  if (!row || !sameHash(sha256(parsed.secret), row.secret_hash)) throw unauthenticated();
  if (row.revoked_at !== null) {
    throw new AppError('FORBIDDEN', 'This terminal was revoked at head office', { reason: 'terminalRevoked' });
  }
  const at = ctx.now();
  if (row.last_seen_at === null || at - row.last_seen_at >= LAST_SEEN_EVERY_MS) {
    await ctx.pool.query('UPDATE terminals SET last_seen_at = $2 WHERE id = $1', [parsed.terminalId, at]);
  }
  return { kind: 'terminal', terminalId: parsed.terminalId, storeId: row.store_id };
}

/**
 * Shuts a terminal out: every later request with its credential is refused. Revoking it
 * again answers the same terminal and records nothing (a double click, a retry).
 */
export async function revokeTerminal(ctx: ServiceContext, input: { terminalId: string }): Promise<TerminalDto> {
  const at = ctx.now();
  await withTx(ctx.pool, async (db) => {
    const r = await db.query(
      'UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING store_id, name',
      [input.terminalId, at],
    );
    const row = r.rows[0] as { store_id: string; name: string } | undefined;
    if (row) {
      await recordAdminAction(db, at, {
        action: 'terminal.revoked',
        storeId: row.store_id,
        terminalId: input.terminalId,
        details: { name: row.name },
      });
    }
  });
  const [t] = await listTerminals(ctx, { terminalId: input.terminalId });
  if (!t) throw notFound('Terminal', { terminalId: input.terminalId });
  return t;
}

export async function listTerminals(
  ctx: ServiceContext,
  filter: { storeId?: string; terminalId?: string },
): Promise<TerminalDto[]> {
  const r = await ctx.pool.query(
    `SELECT t.id, t.store_id, t.name, t.enrolled_at, t.revoked_at, t.last_seen_at, t.last_push_at, t.last_pull_at, t.next_seq,
       t.outbox_depth,
       t.outbox_oldest_at, t.offline_allowance_points,
       (SELECT count(*) FROM sync_ops o WHERE o.terminal_id = t.id AND o.status = 'parked') AS parked,
       (SELECT count(*) FROM sync_ops o WHERE o.terminal_id = t.id AND o.status = 'rejected') AS rejected,
       (SELECT count(*) FROM sync_conflicts c WHERE c.terminal_id = t.id) AS conflicts
     FROM terminals t
     WHERE ($1::uuid IS NULL OR t.store_id = $1) AND ($2::uuid IS NULL OR t.id = $2)
     ORDER BY t.store_id, t.enrolled_at, t.id`,
    [filter.storeId ?? null, filter.terminalId ?? null],
  );
  return r.rows.map((t) => ({
    id: t.id,
    storeId: t.store_id,
    name: t.name,
    enrolledAt: t.enrolled_at,
    revokedAt: t.revoked_at,
    lastSeenAt: t.last_seen_at,
    lastPushAt: t.last_push_at,
    lastPullAt: t.last_pull_at,
    ackedThrough: t.next_seq - 1,
    outboxDepth: t.outbox_depth,
    outboxOldestAt: t.outbox_oldest_at,
    offlineAllowancePoints: t.offline_allowance_points,
    parked: t.parked,
    rejected: t.rejected,
    conflicts: t.conflicts,
  }));
}

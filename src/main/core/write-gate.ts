import type { CoreConfig } from './context';
import { AppError } from './errors';

/**
 * A core-wide gate in front of the dispatcher. While a restore replaces the database,
 * nothing may be written — a write acknowledged in that window would be copied over
 * and lost (the finding: 145 awards acknowledged during a restore, 139 gone) — and
 * nothing read: a member erased after the backup would show for a moment before the
 * erasure is re-applied. So every call gets CONFLICT with `details.reason =
 * 'restoreInProgress'`, except the status reads the screens poll to show that a restore
 * is running. Refused calls are never acknowledged, so there is nothing to lose.
 *
 * The dispatcher asks `writeGateRefusal` first thing, before sessions or roles (a denial
 * would be audited, i.e. written). Closing happens only inside the restore job, which
 * the one-job rule (offline/jobs.ts) already keeps apart from exports, backups and
 * imports; handlers are synchronous transactions, so when the gate closes no write is
 * half done. Keyed by the core's config, like the running job.
 */
export type GateReason = 'restoreInProgress';

const OPEN_WHILE_CLOSED = new Set<string>(['offline:status', 'auth:status', 'auth:me']);

const closed = new WeakMap<CoreConfig, { reason: GateReason; since: number }>();

export function closeWrites(config: CoreConfig, reason: GateReason): void {
  closed.set(config, { reason, since: config.now() });
}

export function openWrites(config: CoreConfig): void {
  closed.delete(config);
}

export function isWriteGateClosed(config: CoreConfig): boolean {
  return closed.has(config);
}

/** The refusal for `channel` while the gate is closed, or null. */
export function writeGateRefusal(config: CoreConfig, channel: string): AppError | null {
  const c = closed.get(config);
  if (!c || OPEN_WHILE_CLOSED.has(channel)) return null;
  return new AppError('CONFLICT', 'A backup is being restored: try again in a moment. Nothing was recorded.', {
    reason: c.reason,
  });
}

import type { StoreRefusal } from '../../shared/contract/refusals';
import type { CoreConfig } from './context';

/**
 * A core-wide gate, the first step of the dispatcher's pipeline. While a restore replaces
 * the database, nothing may be written — a write acknowledged in that window would be
 * copied over and lost (the finding: 145 awards acknowledged during a restore, 139 gone)
 * — and nothing read: a member erased after the backup would show for a moment before
 * the erasure is re-applied. So every call gets the store-wide refusal
 * `restoreInProgress` (CONFLICT, src/shared/contract/refusals.ts), except the channels
 * the contract marks `whileRestoring`: the status reads the screens poll to show that a
 * restore is running. Refused calls are never acknowledged, so there is nothing to lose.
 *
 * The dispatcher reads the gate before sessions or roles (a denial would be audited,
 * i.e. written). Closing happens only inside the restore job, which the one-job rule
 * (offline/jobs.ts) already keeps apart from exports, backups and imports; handlers are
 * synchronous transactions, so when the gate closes no write is half done. Keyed by the
 * core's config, like the running job.
 */
/** Why the gate is closed: a store-wide refusal of the catalogue. */
export type GateReason = Extract<StoreRefusal, 'restoreInProgress'>;

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

/** Why the store refuses calls now (a store-wide refusal), or null while it is open. */
export function writeGateReason(config: CoreConfig): GateReason | null {
  return closed.get(config)?.reason ?? null;
}

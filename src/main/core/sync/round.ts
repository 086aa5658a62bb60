import type { Db } from '../db/open-database';
import { topUpCards } from './cards';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { fetchPinKeyIfMissing } from './pin-key';
import { clientFor } from './remote';
import { SyncFailure, isEnrolled, readSyncState, recordContact, recordFailure, type SyncDeps } from './state';

export interface RoundResult {
  /** standalone: not enrolled; revoked: head office refused this terminal, nothing tried. */
  skipped?: 'standalone' | 'revoked';
  ok: boolean;
  pushed: number;
  pulled: number;
  error?: string;
  failure?: SyncFailure['kind'];
}

const running = new WeakMap<Db, Promise<RoundResult>>();

/**
 * One sync round: fetch the chain PIN key if this terminal has none, push everything
 * waiting, then pull until up to date, then top up the card numbers. One at a time per store (the loop and `sync:now` share it). Network time is spent
 * between short transactions, never inside one, so the counter is served meanwhile.
 */
export function syncRound(deps: SyncDeps): Promise<RoundResult> {
  const current = running.get(deps.db);
  // A round already running may have read the outbox before this caller's last write:
  // wait for it, then run one (or join the one another waiter started first).
  if (current) return current.then(() => syncRound(deps));
  const p = runRound(deps).finally(() => running.delete(deps.db));
  running.set(deps.db, p);
  return p;
}

async function runRound(deps: SyncDeps): Promise<RoundResult> {
  const state = readSyncState(deps.db);
  if (!isEnrolled(state)) return { skipped: 'standalone', ok: false, pushed: 0, pulled: 0 };
  if (state.revoked_at !== null) return { skipped: 'revoked', ok: false, pushed: 0, pulled: 0 };
  let pushed = 0;
  let pulled = 0;
  try {
    const call = clientFor(deps, state);
    await fetchPinKeyIfMissing(deps, call);
    pushed = (await pushOutbox(deps, call)).sent;
    pulled = await pullChanges(deps, call);
    await topUpCards(deps, call);
    recordContact(deps.db, deps.config.now());
    return { ok: true, pushed, pulled };
  } catch (err) {
    const failure =
      err instanceof SyncFailure ? err : new SyncFailure(`Sync failed: ${(err as Error).message}`, 'refused');
    if (deps.db.open) recordFailure(deps.db, deps.config.now(), failure); // closed: the app is quitting
    return { ok: false, pushed, pulled, error: failure.message, failure: failure.kind };
  }
}

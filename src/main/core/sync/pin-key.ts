import type { SyncCall } from '../../../shared/sync';
import { chainPinKeyOf } from '../keys/bound-keys';
import { bindPinKey, readChainSecrets, writeChainSecrets } from './chain-secrets';
import type { SyncDeps } from './state';

/**
 * A terminal enrolled before head office handed out the chain PIN key asks for it at the
 * start of a round until it holds one (meanwhile every PIN it sets is a hash of its own
 * pepper, which the other stores see as "set elsewhere").
 */
export async function fetchPinKeyIfMissing(deps: SyncDeps, call: SyncCall): Promise<void> {
  if (chainPinKeyOf(deps.db) !== null) return;
  const secrets = readChainSecrets(deps.config.sync.credentials);
  if (secrets === null) return;
  const res = await call('keys:pin', {});
  // Not now (offline, or a head office older than chain PINs): the round goes on without
  // it — PINs set meanwhile are this terminal's own ('px1$' elsewhere) — and asks again next round.
  if (!res.ok) return;
  writeChainSecrets(deps.config.sync.credentials, { ...secrets, pinKey: res.value.pinKey });
  bindPinKey(deps.db, res.value.pinKey);
}

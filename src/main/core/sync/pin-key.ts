import type { SyncCall } from '../../../shared/sync';
import { chainPinKeyOf } from '../keys/bound-keys';
import { bindStoredPinKey, readChainSecrets, writeChainSecrets } from './chain-secrets';
import { failureOf } from './remote';
import type { SyncDeps } from './state';

/**
 * A terminal enrolled before head office handed out the chain PIN key asks for it once,
 * at the start of a round (until it holds one, every PIN it sets is a hash of its own
 * pepper, which the other stores see as "set elsewhere").
 */
export async function fetchPinKeyIfMissing(deps: SyncDeps, call: SyncCall): Promise<void> {
  if (chainPinKeyOf(deps.db) !== null) return;
  const secrets = readChainSecrets(deps.config.sync.credentials);
  if (secrets === null) return;
  const res = await call('keys:pin', {});
  if (!res.ok) throw failureOf(res.error);
  writeChainSecrets(deps.config.sync.credentials, { ...secrets, pinKey: res.value.pinKey });
  bindStoredPinKey(deps.db, deps.config.sync.credentials);
}

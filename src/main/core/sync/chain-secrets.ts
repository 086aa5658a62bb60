import { chainPinKey } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { bindChainPinKey } from '../keys/bound-keys';
import type { SecretStore } from './config';

/**
 * What head office gives a terminal to keep outside its database file: the credential it
 * authenticates with and the chain PIN key (shared/sync/pins.ts). Both live in the one
 * secret store (one keychain item) as JSON; a store written before the PIN key existed
 * holds the bare credential, read as a credential without a key (the sync round then asks
 * head office for it, `keys:pin`).
 */
export interface ChainSecrets {
  credential: string;
  pinKey: string | null;
}

export function readChainSecrets(store: SecretStore): ChainSecrets | null {
  const raw = store.read();
  if (!raw) return null;
  if (!raw.startsWith('{')) return { credential: raw, pinKey: null };
  const parsed = JSON.parse(raw) as Partial<ChainSecrets>;
  if (typeof parsed.credential !== 'string' || parsed.credential === '') return null;
  const pinKey = chainPinKey.safeParse(parsed.pinKey);
  return { credential: parsed.credential, pinKey: pinKey.success ? pinKey.data : null };
}

export function writeChainSecrets(store: SecretStore, secrets: ChainSecrets | null): void {
  store.write(secrets === null ? null : JSON.stringify(secrets));
}

/** Makes `pinKey` (base64) the key `members/pin.ts` hashes and checks with on this connection. */
export function bindPinKey(db: Db, pinKey: string | null): void {
  bindChainPinKey(db, pinKey === null ? null : Buffer.from(pinKey, 'base64'));
}

/** At start-up: the key the secret store holds, if any. */
export function bindStoredPinKey(db: Db, store: SecretStore): void {
  bindPinKey(db, readChainSecrets(store)?.pinKey ?? null);
}

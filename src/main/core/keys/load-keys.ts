import type { Db } from '../db/open-database';
import { readMeta } from '../meta';
import { chainHead, LINK_HMAC } from '../audit/chain';
import { deriveCoreKeys, type CoreKeys } from './derive';
import { KeyStoreError, newMasterKey, type KeyStore } from './key-store';

export const KEY_ID_META = 'audit_key_id';

export type KeyUnavailableReason = 'missing' | 'unreadable' | 'unavailable' | 'mismatch';

const WHY: Record<KeyUnavailableReason, string> = {
  missing: 'is missing',
  unreadable: 'cannot be read',
  unavailable: 'cannot be reached (the OS keychain is not available)',
  mismatch: 'is not the key this store was protected with',
};

/**
 * The store's audit chain is keyed but its key is not available: copied or restored to
 * another computer, the OS keychain reset, or the key file deleted. PerkDesk does not
 * start a new chain on its own — that would let anyone who deletes a key file hide
 * what they then edit. The owner confirms with their password (`replaceAuditKey`), which
 * records the replacement in the chain for head office to see.
 */
export class AuditKeyUnavailableError extends Error {
  constructor(
    readonly reason: KeyUnavailableReason,
    readonly where: string,
    detail?: string,
  ) {
    super(
      `The key that protects this store's audit log ${WHY[reason]} (${where}${detail ? `: ${detail}` : ''}). ` +
        'This happens when the store was moved or restored to another computer, or the keychain was reset. ' +
        'PerkDesk will not start a new audit key by itself: the owner must confirm replacing it with their password.',
    );
    this.name = 'AuditKeyUnavailableError';
  }
}

/** Whether this store already depends on a key (its chain is keyed, or a key id was recorded). */
export function isStoreKeyed(db: Db): boolean {
  return readMeta(db, KEY_ID_META) !== null || chainHead(db)?.link === LINK_HMAC;
}

/**
 * Loads the store's keys. A store that was never keyed (new, or from before migration
 * 007) gets a new key the first time; a keyed store must find its own key, or this throws
 * AuditKeyUnavailableError. A key that exists but cannot be read is never overwritten.
 */
export function loadStoreKeys(db: Db, store: KeyStore): { keys: CoreKeys; created: boolean } {
  const expectedId = readMeta(db, KEY_ID_META);
  const keyed = isStoreKeyed(db);
  let master: Buffer | null;
  try {
    master = store.read();
  } catch (err) {
    if (err instanceof KeyStoreError) throw new AuditKeyUnavailableError(err.problem, store.description, err.message);
    throw err;
  }
  let created = false;
  if (!master) {
    if (keyed) throw new AuditKeyUnavailableError('missing', store.description);
    master = newMasterKey();
    try {
      store.write(master);
    } catch (err) {
      if (err instanceof KeyStoreError) throw new AuditKeyUnavailableError(err.problem, store.description, err.message);
      throw err;
    }
    created = true;
  }
  const keys = deriveCoreKeys(master);
  if (expectedId !== null && expectedId !== keys.keyId) {
    throw new AuditKeyUnavailableError(
      'mismatch',
      store.description,
      `this key is ${keys.keyId}, the store expects ${expectedId}`,
    );
  }
  return { keys, created };
}

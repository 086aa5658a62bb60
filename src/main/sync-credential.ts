import { safeStorage } from 'electron';
import { rmSync } from 'node:fs';
import { readFileOrNull, writeFileAtomically } from './core/keys/key-store';
import type { SecretStore } from './core/sync/config';
import type { SafeStorageLike } from './key-store';

/**
 * The app's store for the head office credential, kept like the store's master key
 * (key-store.ts): a file beside the store, `<store>.sync-credential.safe`, encrypted by
 * the OS keychain through safeStorage — never in the database file or its backups. A
 * file the keychain cannot decrypt reads as no credential: sync stops ("needs a new
 * enrolment") and the counter carries on offline.
 */
const PREFIX = 'perkdesk-safe-sync-v1:';

export const safeStorageCredentialPath = (dbPath: string) => `${dbPath}.sync-credential.safe`;

export function safeStorageCredentialStore(path: string, storage: SafeStorageLike = safeStorage): SecretStore {
  return {
    description: `OS keychain (safeStorage), credential file ${path}`,
    read() {
      const text = readFileOrNull(path)?.toString('utf8').trim();
      if (!text || !text.startsWith(PREFIX) || !storage.isEncryptionAvailable()) return null;
      try {
        return storage.decryptString(Buffer.from(text.slice(PREFIX.length), 'base64'));
      } catch {
        return null;
      }
    },
    write(value) {
      if (value === null) {
        rmSync(path, { force: true });
        return;
      }
      if (!storage.isEncryptionAvailable()) throw new Error('The OS keychain is not available to keep the credential');
      writeFileAtomically(path, `${PREFIX}${storage.encryptString(value).toString('base64')}\n`);
    },
  };
}

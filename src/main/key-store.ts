import { safeStorage } from 'electron';
import {
  decodeKeyFile,
  encodeKeyFile,
  KeyStoreError,
  readFileOrNull,
  writeFileAtomically,
  type KeyStore,
} from './core/keys/key-store';

/**
 * The app's key store: the store's master key in a file beside the store
 * (`<store>.key.safe`, not inside the database, so no backup or copy of the file carries
 * it), encrypted by the OS keychain through Electron's safeStorage — Keychain on macOS,
 * DPAPI on Windows, the Secret Service / KWallet on Linux. A copy of the folder taken to
 * another machine or user account cannot be decrypted there.
 *
 * - No file yet: `read()` gives null and the core makes a key (first run).
 * - A file the keychain cannot decrypt (another machine, a reset keychain), or a keychain
 *   that is not available: KeyStoreError — the core then refuses to open a keyed store
 *   (AuditKeyUnavailableError) and never writes a new key over this one by itself.
 * - Linux without a keyring: Electron falls back to a fixed password ('basic_text'),
 *   which hides the key from nothing; it still works, and `weakness` says so (logged as a
 *   start-up problem).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const PREFIX = 'perkdesk-safe-key-v1:';

export function safeStorageKeyPath(dbPath: string): string {
  return `${dbPath}.key.safe`;
}

export function safeStorageKeyStore(path: string, storage: SafeStorageLike = safeStorage): KeyStore {
  const backend = process.platform === 'linux' ? storage.getSelectedStorageBackend?.() : undefined;
  const unavailable = () =>
    new KeyStoreError('The OS keychain is not available to encrypt or decrypt the store key', 'unavailable');
  return {
    description: `OS keychain (safeStorage${backend ? `, ${backend}` : ''}), key file ${path}`,
    weakness:
      backend === 'basic_text'
        ? 'no OS keyring is available: the store key is protected by a fixed password only'
        : undefined,
    read() {
      let raw: Buffer | null;
      try {
        raw = readFileOrNull(path);
      } catch (err) {
        throw new KeyStoreError(`The key file ${path} cannot be read: ${(err as Error).message}`, 'unreadable');
      }
      if (raw === null) return null;
      const text = raw.toString('utf8').trim();
      if (!text.startsWith(PREFIX)) throw new KeyStoreError(`${path} is not a PerkDesk key file`, 'unreadable');
      if (!storage.isEncryptionAvailable()) throw unavailable();
      let plain: string;
      try {
        plain = storage.decryptString(Buffer.from(text.slice(PREFIX.length), 'base64'));
      } catch (err) {
        throw new KeyStoreError(
          `The OS keychain cannot decrypt the store key (${(err as Error).message}): this is another computer or user, or the keychain was reset`,
          'unreadable',
        );
      }
      return decodeKeyFile(plain, path);
    },
    write(key) {
      if (!storage.isEncryptionAvailable()) throw unavailable();
      const encrypted = storage.encryptString(encodeKeyFile(key));
      writeFileAtomically(path, `${PREFIX}${encrypted.toString('base64')}\n`);
    },
  };
}

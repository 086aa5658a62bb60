import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KeyStoreError } from '../../src/main/core/keys/key-store';
import { AuditKeyUnavailableError } from '../../src/main/core/keys/load-keys';
import { openCore } from '../../src/main/core/open-core';

/**
 * src/main/key-store.ts with `electron` mocked: a fake safeStorage that "encrypts" with a
 * per-keychain secret, so a key file taken to another keychain cannot be decrypted.
 */
const keychain = vi.hoisted(() => ({ secret: 'machine-A', available: true, backend: 'gnome_libsecret' }));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (s: string) => Buffer.from(`${keychain.secret}|${s}`),
    decryptString: (b: Buffer) => {
      const [secret, ...rest] = b.toString().split('|');
      if (secret !== keychain.secret)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
      return rest.join('|');
    },
    getSelectedStorageBackend: () => keychain.backend,
  },
}));

const { safeStorageKeyPath, safeStorageKeyStore } = await import('../../src/main/key-store');

const fresh = () => {
  keychain.secret = 'machine-A';
  keychain.available = true;
  keychain.backend = 'gnome_libsecret';
  const dir = mkdtempSync(join(tmpdir(), 'pd-keystore-'));
  return { dir, dbPath: join(dir, 'perkdesk.sqlite') };
};
const quiet = { error: () => {} };

describe('safeStorage key store (src/main/key-store.ts)', () => {
  it('keeps the key beside the store, encrypted by the keychain, and reads it back', () => {
    const { dbPath } = fresh();
    const store = safeStorageKeyStore(safeStorageKeyPath(dbPath));
    expect(store.read()).toBeNull();
    const key = Buffer.alloc(32, 7);
    store.write(key);
    expect(store.read()).toEqual(key);
    const onDisk = readFileSync(safeStorageKeyPath(dbPath), 'utf8');
    expect(onDisk).toMatch(/^perkdesk-safe-key-v1:/);
    expect(onDisk).not.toContain(key.toString('base64'));
    expect(safeStorageKeyPath(dbPath)).toBe(`${dbPath}.key.safe`);
  });

  it('another keychain (a copy on another machine) cannot read it: unreadable, never a new key', () => {
    const { dbPath } = fresh();
    const core = openCore({ dbPath, keyStore: safeStorageKeyStore(safeStorageKeyPath(dbPath)), log: quiet });
    core.close();
    const before = readFileSync(safeStorageKeyPath(dbPath));
    keychain.secret = 'machine-B';
    expect(() => safeStorageKeyStore(safeStorageKeyPath(dbPath)).read()).toThrow(KeyStoreError);
    let err: unknown;
    try {
      openCore({ dbPath, keyStore: safeStorageKeyStore(safeStorageKeyPath(dbPath)), log: quiet });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuditKeyUnavailableError);
    expect((err as AuditKeyUnavailableError).reason).toBe('unreadable');
    expect(readFileSync(safeStorageKeyPath(dbPath))).toEqual(before); // left alone
  });

  it('no keychain: refuses to write or read rather than keep the key in the clear', () => {
    const { dbPath } = fresh();
    keychain.available = false;
    const store = safeStorageKeyStore(safeStorageKeyPath(dbPath));
    expect(() => store.write(Buffer.alloc(32, 1))).toThrow(/not available/);
    expect(() => openCore({ dbPath, keyStore: store, log: quiet })).toThrow(AuditKeyUnavailableError);
  });

  it('a damaged key file is unreadable, not replaced', () => {
    const { dbPath } = fresh();
    writeFileSync(safeStorageKeyPath(dbPath), 'something else');
    expect(() => safeStorageKeyStore(safeStorageKeyPath(dbPath)).read()).toThrow(/not a PerkDesk key file/);
  });

  it('Linux without a keyring (basic_text) works but is reported as a start-up problem', () => {
    const { dbPath } = fresh();
    keychain.backend = 'basic_text';
    const store = safeStorageKeyStore(safeStorageKeyPath(dbPath));
    const core = openCore({ dbPath, keyStore: store, log: quiet });
    if (process.platform === 'linux') {
      expect(core.startup.problems).toContainEqual({
        check: 'key-store',
        problem: expect.stringMatching(/fixed password/),
      });
    }
    core.close();
  });
});

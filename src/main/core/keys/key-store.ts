import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes in the store's master key (HMAC-SHA256 keys are derived from it). */
export const MASTER_KEY_BYTES = 32;

/**
 * Where the store's master key lives — never inside the database file, so that a copy
 * of the file (a stolen backup, a file edited on another machine) carries no key: its
 * audit chain cannot be re-keyed and its PIN hashes cannot be tested offline.
 *
 * The app keeps the key in a file beside the store, encrypted by the OS keychain through
 * Electron's `safeStorage` (src/main/key-store.ts); tests, the test host and benchmarks
 * keep it in a plain file beside the store (`fileKeyStore`), which protects nothing
 * against someone who can read that folder and exists so the same code runs everywhere.
 */
export interface KeyStore {
  /** Where the key lives, for messages and the audit ("key file /x/perkdesk.sqlite.key"). */
  readonly description: string;
  /** The stored key; null when none was ever stored. Throws KeyStoreError when one is stored but cannot be read. */
  read(): Buffer | null;
  /** Stores a new key in place of any previous one (first run, or the owner's key replacement). */
  write(key: Buffer): void;
  /** Set when the key is stored but hardly protected (Linux without a keyring): a start-up problem. */
  readonly weakness?: string;
}

export type KeyStoreProblem = 'unreadable' | 'unavailable';

export class KeyStoreError extends Error {
  constructor(
    message: string,
    readonly problem: KeyStoreProblem,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

export function newMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

/** Temp file + fsync + rename (+ fsync of the folder): a crash leaves the old file or the new one. */
export function writeFileAtomically(path: string, data: Buffer | string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Not supported everywhere (Windows): the rename is still atomic.
  }
}

/** Reads a file, or null when it does not exist; other errors are thrown. */
export function readFileOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const FILE_FORMAT = 'perkdesk-key-v1';

/** Encodes a key for a file: a format word so a truncated or foreign file is "unreadable", never a new key. */
export function encodeKeyFile(key: Buffer): string {
  return `${FILE_FORMAT}:${key.toString('base64')}\n`;
}

export function decodeKeyFile(text: string, where: string): Buffer {
  const m = /^perkdesk-key-v1:([A-Za-z0-9+/]+={0,2})\s*$/.exec(text);
  const key = m ? Buffer.from(m[1], 'base64') : null;
  if (!key || key.length !== MASTER_KEY_BYTES) {
    throw new KeyStoreError(`The key in ${where} is damaged or not a PerkDesk key`, 'unreadable');
  }
  return key;
}

/**
 * A key in a plain file beside the store (mode 0600). For tests, the test host and
 * benchmarks — and the default of `openCore` when no key store is passed. It keeps the
 * key out of the database file and its backups, nothing more.
 */
export function fileKeyStore(path: string): KeyStore {
  return {
    description: `key file ${path}`,
    read() {
      let raw: Buffer | null;
      try {
        raw = readFileOrNull(path);
      } catch (err) {
        throw new KeyStoreError(`The key file ${path} cannot be read: ${(err as Error).message}`, 'unreadable');
      }
      return raw === null ? null : decodeKeyFile(raw.toString('utf8'), path);
    },
    write(key) {
      writeFileAtomically(path, encodeKeyFile(key));
    },
  };
}

/** A key held only in memory: for an in-memory store (tests), which has no folder to keep one in. */
export function memoryKeyStore(): KeyStore {
  let key: Buffer | null = null;
  return {
    description: 'memory',
    read: () => key,
    write(next) {
      key = Buffer.from(next);
    },
  };
}

/** The default key file of a store: `<store>.key`, in the same folder. */
export function defaultKeyFilePath(dbPath: string): string {
  return `${dbPath}.key`;
}

import { rmSync } from 'node:fs';
import { readFileOrNull, writeFileAtomically } from '../keys/key-store';

/**
 * Where the terminal's head office credential lives: like the store's master key, never
 * inside the database file (a copy of the file must not carry it). The app keeps it
 * encrypted by the OS keychain (src/main/sync-credential.ts); tests and the test host
 * keep it in a plain file beside the store.
 */
export interface SecretStore {
  readonly description: string;
  read(): string | null;
  /** null forgets it. */
  write(value: string | null): void;
}

export interface SyncConfig {
  credentials: SecretStore;
  /** The network (tests put a faulty one in between). */
  fetch?: typeof fetch;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

const FORMAT = 'perkdesk-sync-credential-v1:';

export function fileSecretStore(path: string): SecretStore {
  return {
    description: `credential file ${path}`,
    read() {
      const raw = readFileOrNull(path)?.toString('utf8').trim();
      return raw && raw.startsWith(FORMAT) ? raw.slice(FORMAT.length) : null;
    },
    write(value) {
      if (value === null) rmSync(path, { force: true });
      else writeFileAtomically(path, `${FORMAT}${value}\n`);
    },
  };
}

export function memorySecretStore(): SecretStore {
  let v: string | null = null;
  return {
    description: 'memory',
    read: () => v,
    write: (next) => {
      v = next;
    },
  };
}

export const defaultCredentialPath = (dbPath: string) => `${dbPath}.sync-credential`;

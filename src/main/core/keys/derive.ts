import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The keys the core uses, each derived from the one master key (HKDF-SHA256 with a
 * purpose label), so that no two uses share a key: a MAC of an audit record can never
 * be replayed as a MAC of a file, and the PIN pepper is not the audit key.
 */
export interface CoreKeys {
  /** Short public fingerprint of the master key, kept in the store's meta table: tells "wrong key" from "tampered". */
  keyId: string;
  /** HMAC-SHA256 key of the audit chain. */
  audit: Buffer;
  /** HMAC-SHA256 key member PINs are peppered with before bcrypt. */
  pinPepper: Buffer;
  /** HMAC-SHA256 key of the small files kept beside the store (exported head, backup register). */
  files: Buffer;
}

const derive = (master: Buffer, purpose: string) =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `perkdesk/${purpose}/v1`, 32));

export function deriveCoreKeys(master: Buffer): CoreKeys {
  return {
    keyId: createHmac('sha256', master).update('perkdesk/key-id/v1').digest('hex').slice(0, 16),
    audit: derive(master, 'audit-chain'),
    pinPepper: derive(master, 'pin-pepper'),
    files: derive(master, 'files'),
  };
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

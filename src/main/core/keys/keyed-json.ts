import { timingSafeEqual } from 'node:crypto';
import { hmacHex } from './derive';
import { readFileOrNull, writeFileAtomically } from './key-store';

/**
 * A small JSON file kept beside the store with an HMAC over its content, so a copy from
 * elsewhere or a hand edit reads as "invalid", never as a different truth. It cannot
 * stop the file being deleted or replaced by an older genuine copy — callers say what
 * that means for them.
 */
export type KeyedRead<T> = { status: 'none' } | { status: 'ok'; value: T } | { status: 'invalid'; reason: string };

export function macOf(key: Buffer, label: string, value: unknown): string {
  return hmacHex(key, `${label}\n${JSON.stringify(value)}`);
}

export function macMatches(key: Buffer, label: string, value: unknown, mac: unknown): boolean {
  if (typeof mac !== 'string') return false;
  const expected = macOf(key, label, value);
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
}

export function writeKeyedJson(path: string, key: Buffer, label: string, value: unknown): void {
  writeFileAtomically(path, JSON.stringify({ value, mac: macOf(key, label, value) }, null, 2) + '\n', 0o644);
}

export function readKeyedJson<T>(path: string, key: Buffer, label: string): KeyedRead<T> {
  let raw: Buffer | null;
  try {
    raw = readFileOrNull(path);
  } catch (err) {
    return { status: 'invalid', reason: `cannot be read: ${(err as Error).message}` };
  }
  if (raw === null) return { status: 'none' };
  let parsed: { value?: T; mac?: unknown };
  try {
    parsed = JSON.parse(raw.toString('utf8')) as { value?: T; mac?: unknown };
  } catch {
    return { status: 'invalid', reason: 'is not JSON' };
  }
  if (parsed.value === undefined || !macMatches(key, label, parsed.value, parsed.mac)) {
    return { status: 'invalid', reason: 'its MAC does not match this terminal’s key' };
  }
  return { status: 'ok', value: parsed.value };
}

/** Reads the value without checking the MAC (only the owner's key replacement adopts an old file). */
export function readKeyedJsonUnchecked<T>(path: string): T | null {
  try {
    const raw = readFileOrNull(path);
    return raw ? ((JSON.parse(raw.toString('utf8')) as { value?: T }).value ?? null) : null;
  } catch {
    return null;
  }
}

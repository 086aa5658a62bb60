import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainHead } from '../../audit/chain';
import { macMatches, macOf } from '../../keys/keyed-json';
import { writeFileAtomically } from '../../keys/key-store';

/**
 * What PerkDesk recorded about each backup when it made it — sha256, size, schema
 * version, terminal and audit head — in a register of MACed lines in the backup folder
 * (`backup-register.jsonl`). A restore trusts only this: the sidecar `.json` next to a
 * backup is for display, and anyone who can change a backup can rewrite its sidecar
 * too, but not forge a register line without the key (keys/). A backup without a valid
 * line (planted, edited, or made before this register existed) is not restored in the
 * app. Deleting the register makes every backup unrestorable in the app — it fails
 * closed; start-up recovery (startup-recovery.ts) still works from the files.
 */
export const REGISTER_NAME = 'backup-register.jsonl';
const LABEL = 'perkdesk backup register v1';

export interface RegisterEntry {
  name: string;
  createdAt: number;
  sha256: string;
  sizeBytes: number;
  schemaVersion: number;
  terminalId: string | null;
  /** The backup's last audit record: rotation keeps a backup whose records the live chain lacks. */
  auditHead: ChainHead | null;
  keyId: string;
}

export function registerPath(dir: string): string {
  return join(dir, REGISTER_NAME);
}

export function appendRegisterEntry(dir: string, key: Buffer, entry: RegisterEntry): void {
  const fd = openSync(registerPath(dir), 'a', 0o644);
  try {
    const buf = Buffer.from(JSON.stringify({ entry, mac: macOf(key, LABEL, entry) }) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface RegisterReading {
  entries: Map<string, RegisterEntry>;
  /** Lines whose MAC does not match this terminal's key (edited, or from another key). */
  invalidLines: number;
}

function parseLines(dir: string): { entry?: RegisterEntry; mac?: unknown }[] {
  const path = registerPath(dir);
  if (!existsSync(path)) return [];
  const out: { entry?: RegisterEntry; mac?: unknown }[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as { entry?: RegisterEntry; mac?: unknown });
    } catch {
      out.push({}); // a torn line (crash mid-append): that backup's entry never finished
    }
  }
  return out;
}

export function readRegister(dir: string, key: Buffer): RegisterReading {
  const entries = new Map<string, RegisterEntry>();
  let invalidLines = 0;
  for (const line of parseLines(dir)) {
    if (line.entry && macMatches(key, LABEL, line.entry, line.mac)) entries.set(line.entry.name, line.entry);
    else invalidLines++;
  }
  return { entries, invalidLines };
}

/**
 * The owner's key replacement (keys/replace-key.ts): the old lines cannot be checked any
 * more; the owner adopts them, and they are MACed again with the new key. Returns how many.
 */
export function adoptRegister(dir: string, key: Buffer): number {
  const lines = parseLines(dir).filter((l) => l.entry);
  if (lines.length === 0) return 0;
  writeFileAtomically(
    registerPath(dir),
    lines.map((l) => JSON.stringify({ entry: l.entry, mac: macOf(key, LABEL, l.entry) }) + '\n').join(''),
    0o644,
  );
  return lines.length;
}

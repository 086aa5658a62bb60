import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db, ReadDb } from '../db/open-database';
import { newId } from '../ids';
import { stmt } from '../db/statements';
import { requireStoreSecurity, storeSecurityOf } from '../keys/bound-keys';

/**
 * The audit chain. Every record carries the digest of the one before it (`prev_hash`)
 * and its own (`hash`), over fixed canonical bytes, so an edited, inserted or removed
 * record breaks every link after it.
 *
 * Two kinds of link (`link` column, migration 007):
 * - 'sha256' — the history written before the chain was keyed: SHA-256 of the bytes.
 *   Anyone can recompute it, so on its own it proves nothing against someone who can
 *   edit the file (rewrite a record, re-hash the rest: it verifies).
 * - 'hmac-sha256' — everything since: HMAC-SHA256 with a key kept outside the database
 *   file (keys/). Without the key a rewritten record cannot be re-linked.
 * The keyed chain starts with one `audit.chainKeyed` record naming the last unkeyed
 * hash, so the SHA-256 history stays linked into it; after it, an unkeyed record is
 * itself a break. When the owner has to replace a lost key (keys/replace-key.ts), an
 * `audit.keyReplaced` record starts a new key segment: the records before it keep their
 * links but their MACs can no longer be checked on this terminal, and verification says so.
 */
export const GENESIS = '0'.repeat(64);
export const LINK_SHA256 = 'sha256';
export const LINK_HMAC = 'hmac-sha256';
export const CHAIN_KEYED = 'audit.chainKeyed';
export const KEY_REPLACED = 'audit.keyReplaced';

export type Link = typeof LINK_SHA256 | typeof LINK_HMAC;

/** A point in the chain: the record at `seq` has this digest/MAC. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AuditRecordInput {
  at: number;
  terminalId: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  id: string;
  at: number;
  terminal_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  /** Absent in a file from before migration 007. */
  link?: Link;
}

/**
 * The exact bytes a record's digest covers. Fixed field order, JSON-encoded, so the
 * verifier (and head office) recomputes the same bytes however the row is returned.
 * Unchanged since the unkeyed chain: the history verifies as it always did.
 */
export function canonicalBytes(r: Omit<AuditRow, 'hash' | 'link'>): string {
  return JSON.stringify([
    r.seq,
    r.id,
    r.at,
    r.terminal_id,
    r.actor_id,
    r.actor_name,
    r.action,
    r.target,
    r.details,
    r.prev_hash,
  ]);
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * HMAC-SHA256 (RFC 2104) with the key's inner and outer pad states hashed once and
 * copied per record: `createHmac` sets the key up again on every call, which made it
 * ~5x slower (24 µs against 4.6 µs per record measured here) — every audit append and
 * every record of a verification pays it. Equal to createHmac's output (a test checks).
 */
const macers = new WeakMap<Buffer, (data: string) => string>();

export function hmacSha256Hex(key: Buffer, data: string): string {
  let mac = macers.get(key);
  if (!mac) {
    if (key.length > 64) throw new Error('HMAC keys longer than the block size are not used here');
    const pad = (b: number) => {
      const k = Buffer.alloc(64);
      key.copy(k);
      for (let i = 0; i < 64; i++) k[i] ^= b;
      return k;
    };
    const inner = createHash('sha256').update(pad(0x36));
    const outer = createHash('sha256').update(pad(0x5c));
    mac = (d) => outer.copy().update(inner.copy().update(d).digest()).digest('hex');
    macers.set(key, mac);
  }
  return mac(data);
}

export function recordMac(key: Buffer, r: Omit<AuditRow, 'hash' | 'link'>): string {
  return hmacSha256Hex(key, canonicalBytes(r));
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function chainHead(db: ReadDb): (ChainHead & { link: Link }) | null {
  return (
    (stmt(db, 'SELECT seq, hash, link FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      (ChainHead & { link: Link }) | undefined) ?? null
  );
}

/**
 * For other areas (backups, restores, exports): the newest record's (seq, hash) in any
 * connection — also a backup file from before migration 007, which has no link column.
 */
export function lastRecordOf(db: ReadDb): ChainHead | null {
  return (
    (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined) ?? null
  );
}

export function hashAt(db: ReadDb, seq: number): string | null {
  return (stmt(db, 'SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq) as string | undefined) ?? null;
}

/**
 * Appends one keyed record linked to the previous one. Must run inside the caller's
 * transaction so the record commits (or rolls back) with the change it describes.
 * A connection without a bound key (not opened by openCore) cannot append: an unkeyed
 * record after the keyed chain started would itself read as tampering.
 */
export function appendAudit(db: Db, rec: AuditRecordInput): ChainHead {
  const { keys } = requireStoreSecurity(db);
  const last = chainHead(db);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    id: newId(),
    at: rec.at,
    terminal_id: rec.terminalId,
    actor_id: rec.actorId,
    actor_name: rec.actorName,
    action: rec.action,
    target: rec.target,
    details: JSON.stringify(rec.details),
    prev_hash: last?.hash ?? GENESIS,
  };
  const hash = recordMac(keys.audit, row);
  stmt(
    db,
    `INSERT INTO audit_log (seq, id, at, terminal_id, actor_id, actor_name, action, target, details, prev_hash, hash, link)
     VALUES (@seq, @id, @at, @terminal_id, @actor_id, @actor_name, @action, @target, @details, @prev_hash, @hash, '${LINK_HMAC}')`,
  ).run({ ...row, hash });
  return { seq: row.seq, hash };
}

/** Where the MACs this terminal can check begin: the last key replacement, else the keyed chain's start. */
export function currentKeySegmentStart(db: ReadDb): number | null {
  const replaced = stmt(db, 'SELECT max(seq) FROM audit_log WHERE action = ?').pluck().get(KEY_REPLACED) as
    number | null;
  if (replaced !== null) return replaced;
  return (
    (stmt(db, 'SELECT min(seq) FROM audit_log WHERE action = ?').pluck().get(CHAIN_KEYED) as number | null) ?? null
  );
}

export interface ChainIntegrity {
  ok: boolean;
  checked: number;
  /** seq of the first record that does not verify. */
  brokenAt?: number;
  /** Why, in a few words (for logs and the report; the renderer shows brokenAt). */
  problem?: string;
  /** Set after a key replacement: MACs are checked from this seq; earlier keyed records only by their links. */
  macVerifiedFrom?: number;
}

/**
 * Walks the chain (all of it, or from `fromSeq`, linking to the record before it) and
 * reports the first record whose link, digest or MAC is wrong, or that breaks the rules
 * above (an unkeyed record after the keyed start; a keyed start that does not name the
 * last unkeyed hash).
 */
export function verifyChainIntegrity(db: ReadDb, opts: { fromSeq?: number; auditKey?: Buffer } = {}): ChainIntegrity {
  const key = opts.auditKey ?? storeSecurityOf(db)?.keys.audit ?? null;
  const segment = currentKeySegmentStart(db);
  const replaced =
    segment !== null &&
    (db.prepare('SELECT action FROM audit_log WHERE seq = ?').pluck().get(segment) as string) === KEY_REPLACED;
  const fromSeq = Math.max(1, opts.fromSeq ?? 1);
  const before =
    fromSeq > 1
      ? (db.prepare('SELECT seq, hash, link FROM audit_log WHERE seq = ?').get(fromSeq - 1) as
          (ChainHead & { link: Link }) | undefined)
      : undefined;
  if (fromSeq > 1 && !before) return { ok: false, checked: 0, brokenAt: fromSeq - 1, problem: 'record missing' };
  let prev = before?.hash ?? GENESIS;
  let keyed = before?.link === LINK_HMAC;
  let expectedSeq = fromSeq;
  let checked = 0;
  // After a key replacement the old segment's MACs cannot be checked here, but its
  // content was frozen by a digest in the replacement record: later edits still show.
  const history = replaced && fromSeq === 1 ? createHash('sha256') : null;
  const out = (extra: Partial<ChainIntegrity>): ChainIntegrity => ({
    ok: extra.brokenAt === undefined,
    checked,
    ...(replaced ? { macVerifiedFrom: segment! } : {}),
    ...extra,
  });
  for (const row of db
    .prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq')
    .iterate(fromSeq) as Iterable<AuditRow>) {
    if (row.seq !== expectedSeq) return out({ brokenAt: row.seq, problem: `record #${expectedSeq} is missing` });
    if (row.prev_hash !== prev) return out({ brokenAt: row.seq, problem: 'link to the previous record is wrong' });
    // A file from before migration 007 has no link column: all of it is SHA-256 history.
    const link = row.link ?? LINK_SHA256;
    if (link === LINK_SHA256) {
      if (keyed) return out({ brokenAt: row.seq, problem: 'unkeyed record after the keyed chain started' });
      if (row.hash !== sha256Hex(canonicalBytes(row))) return out({ brokenAt: row.seq, problem: 'digest is wrong' });
    } else if (link === LINK_HMAC) {
      if (!keyed) {
        const anchor =
          row.action === CHAIN_KEYED ? (JSON.parse(row.details) as { lastUnkeyed?: ChainHead | null }) : null;
        const named = anchor?.lastUnkeyed ?? null;
        const expected = row.seq === 1 ? null : { seq: row.seq - 1, hash: prev };
        if (!anchor || JSON.stringify(named) !== JSON.stringify(expected)) {
          return out({ brokenAt: row.seq, problem: 'the keyed chain does not start with its anchor record' });
        }
        keyed = true;
      }
      if (history && row.seq === segment) {
        const frozen = (JSON.parse(row.details) as { historyDigest?: string }).historyDigest;
        if (frozen !== history.digest('hex')) {
          return out({ brokenAt: row.seq, problem: 'records before the key replacement were changed' });
        }
      }
      const checkMac = segment === null || row.seq >= segment;
      if (checkMac) {
        if (!key) return out({ brokenAt: row.seq, problem: 'no audit key to check the MAC with' });
        if (!sameHex(row.hash, recordMac(key, row))) return out({ brokenAt: row.seq, problem: 'MAC is wrong' });
      }
    } else {
      return out({ brokenAt: row.seq, problem: 'unknown link kind' });
    }
    if (history && row.seq < segment!) history.update(historyLine(row));
    prev = row.hash;
    checked++;
    expectedSeq++;
  }
  return out({});
}

/** What the key-replacement record's `historyDigest` covers for each earlier record. */
export function historyLine(row: AuditRow): string {
  return `${canonicalBytes(row)}${row.hash}\n`;
}

/** The key-replacement record's `historyDigest`: every record so far, frozen as it is now. */
export function historyDigestOf(db: ReadDb): string {
  const history = createHash('sha256');
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    history.update(historyLine(row));
  }
  return history.digest('hex');
}

/** One record's own MAC (a restore record acknowledging an exported head must be genuine). */
export function isGenuineRecord(db: ReadDb, row: AuditRow): boolean {
  const key = storeSecurityOf(db)?.keys.audit;
  if (row.link !== LINK_HMAC || !key) return false;
  const segment = currentKeySegmentStart(db);
  // Before a key replacement the MAC cannot be checked here; its links are (verifyChainIntegrity).
  if (segment !== null && row.seq < segment) return true;
  return sameHex(row.hash, recordMac(key, row));
}

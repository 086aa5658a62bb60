import { createHash } from 'node:crypto';
import type { Db } from '../../src/main/core/db/open-database';

/**
 * A cheap content fingerprint of the whole store, per table: a hash of every row.
 * The audit log is append-only and hash-chained, so its row count plus the last
 * record's hash stands for all of it (and keeps this O(1) as it grows with each denial).
 */
export type Fingerprint = Record<string, string>;

export function fingerprint(db: Db): Fingerprint {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Fingerprint = {};
  for (const { name } of tables) {
    if (name === 'audit_log') {
      const head = db
        .prepare('SELECT count(*) AS n, (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS h FROM audit_log')
        .get() as {
        n: number;
        h: string | null;
      };
      out[name] = `${head.n}:${head.h}`;
      continue;
    }
    // FTS shadow tables and the like are covered by their content tables; skip virtual tables' internals
    // only if they cannot be read (some virtual tables refuse SELECT *).
    const h = createHash('sha1');
    try {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).raw().iterate())
        h.update(JSON.stringify(row, bigintSafe));
    } catch (err) {
      h.update(`unreadable:${String(err)}`);
    }
    out[name] = h.digest('hex');
  }
  return out;
}

function bigintSafe(_k: string, v: unknown) {
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return v;
}

/** Tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

/** Audit actions appended after the first `count` records (seq is consecutive from 1). */
export function auditActionsSince(db: Db, count: number): string[] {
  return (db.prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq').all(count) as { action: string }[]).map(
    (r) => r.action,
  );
}

export function auditCount(fp: Fingerprint): number {
  return Number((fp.audit_log ?? '0:').split(':')[0]);
}

/** The JSON text (target + details) of the audit records appended after the first `count`: a secret shows as `"value"`. */
export function auditTextSince(db: Db, count: number): string {
  return (
    db.prepare('SELECT target, details FROM audit_log WHERE seq > ? ORDER BY seq').all(count) as {
      target: string | null;
      details: string;
    }[]
  )
    .map((r) => `${JSON.stringify(r.target)} ${r.details}`)
    .join('\n');
}

const SECRET_KEY = /pin|password|code|key|token/i;

function stringsIn(value: unknown, secret: boolean, out: Set<string>, key = ''): Set<string> {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) === secret && value.length >= 4) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) stringsIn(v, secret, out, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) stringsIn(v, secret, out, k);
  }
  return out;
}

/**
 * Secret-looking string values (PINs, passwords, codes, keys, tokens) anywhere in a
 * value: none of them may ever reach the audit log. A value that is also given under
 * a plain field (fuzzing puts the same known string in a user name and a code) is not
 * counted: the plain field may be recorded.
 */
export function secretsIn(value: unknown): string[] {
  const plain = stringsIn(value, false, new Set());
  return [...stringsIn(value, true, new Set())].filter((s) => !plain.has(s));
}

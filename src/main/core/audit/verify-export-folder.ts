import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ExportManifest } from '../offline/export/manifest';
import { canonicalBytes, GENESIS, LINK_SHA256, sha256Hex, type AuditRow, type ChainHead } from './chain';

/**
 * Head office's check of a terminal's audit chain from the export folders alone — no
 * database, no key. Point it at the folder the terminals export into:
 *
 *   npx tsx -e "import('./src/main/core/audit/verify-export-folder.ts').then(m =>
 *     console.log(JSON.stringify(m.verifyExportFolder('/exports'), null, 2)))"
 *
 * For each terminal, its exports in time order:
 * 1. every file matches the manifest (bytes, sha256);
 * 2. the audit_log records link up: consecutive seq, each prev_hash the hash before,
 *    the first one linked to the manifest's `audit.from`, the last one its `audit.head`;
 *    records from before the chain was keyed ('sha256') have their digest recomputed;
 * 3. the chain extends the head of the export before — the records head office already
 *    holds are still there, unchanged. If not, it must contain a `backup.restored`
 *    record naming that head (the owner restored a backup: a rollback, reported as a
 *    note; the rolled-back records stay in the earlier exports). Otherwise history was
 *    rewritten, cut short or an older copy of the store was put back: a problem.
 * What it cannot check: the HMACs — the key never leaves the terminal, which checks them
 * itself (start-up, daily, before every export; the manifest's `audit.check` carries the
 * outcome, and a failed check is reported here too). Records after the newest export
 * are not here yet: export often.
 */
export interface ExportFolderReport {
  ok: boolean;
  problems: string[];
  notes: string[];
  terminals: Record<string, { exports: number; records: number; head: ChainHead | null }>;
}

interface LoadedExport {
  name: string;
  manifest: ExportManifest;
  records: AuditRow[];
}

const NULLABLE = new Set(['actor_id', 'actor_name', 'target']);
const INTS = new Set(['seq', 'at']);
const FORMULA_START = /^'[=+\-@\t\r＝＋－＠]/;

/** CSV cells come back as text: numbers, NULL (empty) and the formula escape undone. JSON Lines need nothing. */
function fromCsv(row: Record<string, string>): AuditRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const text = FORMULA_START.test(v) ? v.slice(1) : v;
    out[k] = INTS.has(k) ? Number(text) : NULLABLE.has(k) && text === '' ? null : text;
  }
  return out as unknown as AuditRow;
}

function readRecords(dir: string, manifest: ExportManifest): AuditRow[] | null {
  const jsonl = manifest.files.find((f) => f.dataset === 'audit_log' && f.format === 'jsonl');
  if (jsonl) {
    return readFileSync(join(dir, jsonl.path), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AuditRow);
  }
  const csv = manifest.files.find((f) => f.dataset === 'audit_log' && f.format === 'csv');
  if (!csv) return null;
  const rows = parse(readFileSync(join(dir, csv.path)), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map(fromCsv);
}

function loadExports(root: string, problems: string[]): LoadedExport[] {
  const out: LoadedExport[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (name.startsWith('.') || !statSync(dir).isDirectory() || !existsSync(join(dir, 'manifest.json'))) continue;
    let manifest: ExportManifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    } catch {
      problems.push(`${name}: manifest.json is not readable JSON`);
      continue;
    }
    if (manifest.format !== 'perkdesk-export') continue;
    let filesOk = true;
    for (const f of manifest.files) {
      const path = join(dir, f.path);
      const bytes = existsSync(path) ? readFileSync(path) : null;
      if (!bytes || bytes.length !== f.bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) {
        problems.push(`${name}: ${f.path} does not match its manifest (changed or missing after the export)`);
        filesOk = false;
      }
    }
    if (!filesOk) continue;
    out.push({ name, manifest, records: (manifest.audit && readRecords(dir, manifest)) ?? [] });
  }
  return out.sort((a, b) => a.manifest.createdAtMs - b.manifest.createdAtMs || a.name.localeCompare(b.name));
}

const sameHead = (a: ChainHead | null | undefined, b: ChainHead | null | undefined) =>
  !!a && !!b && a.seq === b.seq && a.hash === b.hash;

function checkTerminal(exports: LoadedExport[], problems: string[], notes: string[]) {
  const known = new Map<number, { hash: string; content: string }>();
  let accepted: ChainHead | null = null;
  for (const e of exports) {
    const a = e.manifest.audit;
    if (!a) {
      notes.push(`${e.name}: carries no audit log (made before exports carried it)`);
      continue;
    }
    if (!a.check.ok) problems.push(`${e.name}: the terminal's own check failed: ${a.check.problems.join('; ')}`);
    const recs = [...e.records].sort((x, y) => x.seq - y.seq);

    // 1. The records link up among themselves and to the manifest.
    let prev = a.from ? a.from.hash : GENESIS;
    let expected = a.from ? a.from.seq + 1 : 1;
    for (const r of recs) {
      if (r.seq !== expected) problems.push(`${e.name}: record #${expected} is missing`);
      else if (r.prev_hash !== prev) problems.push(`${e.name}: record #${r.seq} does not link to the record before it`);
      else if (r.link === LINK_SHA256 && sha256Hex(canonicalBytes(r)) !== r.hash) {
        problems.push(`${e.name}: record #${r.seq} does not match its digest`);
      }
      prev = r.hash;
      expected = r.seq + 1;
    }
    const last = recs.length > 0 ? { seq: recs[recs.length - 1].seq, hash: recs[recs.length - 1].hash } : a.from;
    if (a.head && !sameHead(last, a.head)) problems.push(`${e.name}: the records do not end at the manifest's head`);

    // 2. Where the new records meet what head office already holds.
    let divergeAt: number | null = null;
    if (a.from && known.size > 0) {
      const k = known.get(a.from.seq);
      if (!k) problems.push(`${e.name}: continues after record #${a.from.seq}, which no earlier export carried`);
      else if (k.hash !== a.from.hash) divergeAt = a.from.seq;
    }
    for (const r of recs) {
      const k = known.get(r.seq);
      if (!k) continue;
      if (k.hash !== r.hash) {
        divergeAt ??= r.seq;
      } else if (divergeAt === null && k.content !== canonicalBytes(r)) {
        problems.push(`${e.name}: record #${r.seq} was changed but kept its hash`);
      }
    }

    // 3. Still extends the previous head, or a restore says why not.
    if (accepted) {
      const onNew =
        recs.find((r) => r.seq === accepted!.seq)?.hash ??
        (divergeAt === null || accepted.seq < divergeAt ? known.get(accepted.seq)?.hash : undefined);
      if (onNew !== accepted.hash) {
        const ack = recs.find((r) => {
          if (r.action !== 'backup.restored') return false;
          const d = JSON.parse(r.details) as { abandoned?: { exportedHead?: ChainHead | null } };
          return sameHead(d.abandoned?.exportedHead, accepted);
        });
        if (ack) {
          notes.push(
            `${e.name}: the owner restored a backup (record #${ack.seq}); records after #${(divergeAt ?? ack.seq) - 1} ` +
              `up to #${accepted.seq} were rolled back on the terminal (they stay in the earlier exports)`,
          );
        } else {
          problems.push(
            `${e.name}: the audit chain no longer extends record #${accepted.seq} exported earlier: ` +
              'history was rewritten, cut short, or an older copy of the store was put back',
          );
        }
      }
    }

    // 4. Head office now follows the new branch.
    if (divergeAt !== null) for (const s of [...known.keys()]) if (s >= divergeAt) known.delete(s);
    for (const r of recs) known.set(r.seq, { hash: r.hash, content: canonicalBytes(r) });
    if (a.head) accepted = a.head;
  }
  return { records: known.size, head: accepted };
}

export function verifyExportFolder(root: string): ExportFolderReport {
  const problems: string[] = [];
  const notes: string[] = [];
  const byTerminal = new Map<string, LoadedExport[]>();
  for (const e of loadExports(root, problems)) {
    const list = byTerminal.get(e.manifest.terminalId) ?? [];
    list.push(e);
    byTerminal.set(e.manifest.terminalId, list);
  }
  const terminals: ExportFolderReport['terminals'] = {};
  for (const [terminalId, list] of byTerminal) {
    terminals[terminalId] = { exports: list.length, ...checkTerminal(list, problems, notes) };
  }
  return { ok: problems.length === 0, problems, notes, terminals };
}

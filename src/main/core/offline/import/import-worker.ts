import type { MessagePort } from 'node:worker_threads';
import type { CountryCode } from 'libphonenumber-js/max';
import { openDatabase, type Db } from '../../db/open-database';
import { bindStoreSecurity, type StoreSecurity } from '../../keys/bound-keys';
import { memberImportWriter, type ImportedMember } from '../../members/import-writer';
import type { ImportField, ImportRowProblem } from '../../../../shared/contract/offline';
import { AppError, refusal } from '../../errors';
import { normaliseContact, type NormalContact } from '../../members/register';
import { nameKey, normaliseEmail, normalisePhone } from '../../members/normalize';
import { errorBody, type WorkerErrorBody } from '../job-errors';
import {
  CONSENT,
  cellProblem,
  MAX_LISTED_ERRORS,
  phoneFromCell,
  readImportFile,
  type ParsedRecord,
} from './row-checks';

/**
 * The member import's worker thread (issue 13 item 6). Everything happens here, on the
 * worker's own write connection: decoding, CSV parsing, the cell checks, the members' own
 * normalisation and validation (libphonenumber is most of a row's cost), then the writes
 * — the uniqueness check, a card number, the insert, its name grams and the audit record
 * a registration at the counter gets, with statements prepared once — in IMMEDIATE
 * transactions of at most WRITE_MS of work. Measured: the same writes on the main thread
 * stalled it 15–140 ms per commit under load (the fsync); here the main thread only
 * relays progress. Between two transactions the worker leaves the write lock free for as
 * long as it held it, so the counter's writes (which wait on SQLite's busy handler) get
 * their turn within a slice.
 *
 * Two connections append to the audit chain, which stays one chain: each append reads
 * the head inside its IMMEDIATE transaction (audit/chain.ts). The keys are the core's,
 * handed over in the same process (they never leave it).
 */
export interface ImportParseRequest {
  t: 'parse';
  fileBase64: string;
  encoding: 'utf-8' | 'gb18030';
  mapping?: Partial<Record<ImportField, string>>;
  country: CountryCode;
  /** The core's clock minus Date.now() when the import started (tests run on a fixed clock). */
  clockOffset: number;
  now: number;
  dryRun: boolean;
  dbPath: string;
  terminalId: string;
  actor: { staffId: string; username: string };
  security: { keys: { keyId: string; audit: Uint8Array; pinPepper: Uint8Array; files: Uint8Array } } & Omit<
    StoreSecurity,
    'keys'
  >;
}

/** Main → worker once the job may start (the core's one-job check passed), or to stop. */
export type ImportControl = { t: 'go' } | { t: 'cancel' };

/** A row checked: its problem, or the member to write. */
export interface CheckedRow {
  row: number;
  line: number;
  /** The dry run's repeat keys (normalised phone and email, as far as each is valid). */
  keys: string[];
  problem?: Omit<ImportRowProblem, 'row' | 'line'>;
  member?: ImportedMember;
}

export interface ImportTally {
  created: number;
  duplicates: number;
  errorCount: number;
  errors: ImportRowProblem[];
  done: number;
  cancelled: boolean;
}

export type ImportReply =
  | { t: 'head'; headers: string[]; mapping: Partial<Record<ImportField, string>>; totalRows: number }
  | { t: 'progress'; done: number }
  | { t: 'end'; tally: ImportTally }
  | { t: 'error'; error: WorkerErrorBody };

/**
 * Milliseconds of rows per transaction: the longest the counter's next write waits for
 * the lock (SQLite's busy handler) because of the import.
 */
const WRITE_MS = 8;
/** The most the worker leaves the lock free between two slices (it rests as long as it wrote, up to this). */
const REST_MAX_MS = 8;

class DryRunRollback extends Error {}

/** The normalised phone and email of a row, to spot a repeat within the same file. */
function contactKeys(cells: Partial<Record<ImportField, string>>, country: CountryCode): string[] {
  const keys: string[] = [];
  try {
    if (cells.phone) keys.push(`p:${normalisePhone(cells.phone, country, refusal).e164}`);
  } catch {
    /* invalid: the validation reports it */
  }
  try {
    if (cells.email) keys.push(`e:${normaliseEmail(cells.email, refusal)}`);
  } catch {
    /* invalid: the validation reports it */
  }
  return keys;
}

export function checkRow(
  rec: ParsedRecord,
  r: number,
  headers: string[],
  index: Partial<Record<ImportField, number>>,
  m: Pick<ImportParseRequest, 'encoding' | 'country' | 'now' | 'dryRun'>,
): CheckedRow {
  const at = { row: r, line: rec.info.lines, keys: [] as string[] };
  const { record } = rec;
  if (record.length !== headers.length) {
    return {
      ...at,
      problem: {
        field: null,
        reason: 'columns',
        message: `Has ${record.length} cells, the header has ${headers.length}`,
      },
    };
  }
  const cells: Partial<Record<ImportField, string>> = {};
  for (const [field, i] of Object.entries(index) as [ImportField, number][]) {
    const raw = record[i] ?? '';
    const cell = field === 'phone' ? phoneFromCell(raw) : raw;
    const p = cellProblem(field, cell, m.encoding);
    if (p) return { ...at, problem: p };
    cells[field] = cell.trim();
  }
  const keys = m.dryRun ? contactKeys(cells, m.country) : [];
  try {
    // registerMember's checks, in its order (members/register.ts).
    const c: NormalContact = normaliseContact(
      {
        name: cells.name ?? '',
        phone: cells.phone || undefined,
        email: cells.email || undefined,
        birthday: cells.birthday || undefined,
        marketingConsent: CONSENT[(cells.marketingConsent ?? '').toLowerCase()] ?? false,
      },
      m.country,
      m.now,
      refusal,
    );
    if (!c.phone && !c.email) throw refusal('contactRequired', { field: 'phone' });
    return {
      ...at,
      keys,
      member: {
        name: c.name!,
        nameKey: nameKey(c.name!),
        phone: c.phone ?? null,
        email: c.email ?? null,
        birthday: c.birthday ?? null,
        consent: c.marketingConsent === true,
        fields: Object.keys(c).filter((k) => c[k as keyof NormalContact] != null),
      },
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const d = (err.details ?? {}) as { field?: string; reason?: string };
    return {
      ...at,
      keys,
      problem: { field: d.field ?? null, reason: d.reason ?? err.code.toLowerCase(), message: err.message },
    };
  }
}

/** The writes of one import on the worker's connection, prepared once (members' own writer). */
function writer(db: Db, m: ImportParseRequest) {
  return memberImportWriter(db, { now: () => Date.now() + m.clockOffset, terminalId: m.terminalId, actor: m.actor });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function runImport(port: MessagePort, m: ImportParseRequest, control: { go: Promise<void>; cancelled: boolean }) {
  const { records, headers, mapping, index } = await readImportFile(m.fileBase64, m.encoding, m.mapping);
  // Checked before any write: the transactions below hold the write lock for writes only.
  const checked: CheckedRow[] = [];
  for (let r = 1; r < records.length; r++) checked.push(checkRow(records[r], r, headers, index, m));
  port.postMessage({ t: 'head', headers, mapping, totalRows: checked.length } satisfies ImportReply);
  await control.go;

  const db = openDatabase(m.dbPath);
  // NORMAL, not FULL, on this connection only: no fsync per slice (measured here under load:
  // 20–50 ms each, which made the import fsync-bound at ~200 rows/s). A power cut may take
  // the last slices — never tear one, and the counter's next FULL commit makes them durable —
  // and importing the file again adds them (rows already present are skipped).
  db.pragma('synchronous = NORMAL');
  try {
    const k = m.security.keys;
    bindStoreSecurity(db, {
      ...m.security,
      keys: {
        keyId: k.keyId,
        audit: Buffer.from(k.audit),
        pinPepper: Buffer.from(k.pinPepper),
        files: Buffer.from(k.files),
      },
    });
    const row = writer(db, m);
    const tally: ImportTally = { created: 0, duplicates: 0, errorCount: 0, errors: [], done: 0, cancelled: false };
    const problem = (r: CheckedRow) => {
      tally.errorCount++;
      if (tally.errors.length < MAX_LISTED_ERRORS) tally.errors.push({ row: r.row, line: r.line, ...r.problem! });
    };
    // The dry run finds repeats within the file by the contacts of the rows it would have created.
    const seen = new Set<string>();
    const one = (r: CheckedRow) => {
      if (r.problem && r.keys.length === 0) return problem(r);
      if (r.keys.some((key) => seen.has(key))) {
        tally.duplicates++;
        return;
      }
      if (r.problem) return problem(r);
      if (row(r.member!) === 'duplicate') tally.duplicates++;
      else {
        tally.created++;
        for (const key of r.keys) seen.add(key);
      }
    };
    let next = 0;
    const slice = db.transaction(() => {
      const until = performance.now() + WRITE_MS;
      const first = next;
      while (next < checked.length && (next === first || performance.now() < until)) one(checked[next++]);
      if (m.dryRun) throw new DryRunRollback();
    });
    while (next < checked.length && !control.cancelled) {
      const t = performance.now();
      try {
        slice.immediate();
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
      tally.done = next;
      port.postMessage({ t: 'progress', done: tally.done } satisfies ImportReply);
      // The write lock left free for as long as it was held: the counter's writes get in.
      await sleep(Math.min(REST_MAX_MS, Math.max(1, Math.ceil(performance.now() - t))));
    }
    tally.cancelled = control.cancelled && next < checked.length;
    port.postMessage({ t: 'end', tally } satisfies ImportReply);
  } finally {
    db.close();
  }
}

export function serveImport(port: MessagePort): void {
  let go: () => void = () => undefined;
  const control = { go: new Promise<void>((r) => (go = r)), cancelled: false };
  port.on('message', (m: ImportParseRequest | ImportControl) => {
    if (m.t === 'go') return go();
    if (m.t === 'cancel') {
      control.cancelled = true;
      return go();
    }
    runImport(port, m, control).catch((err: unknown) =>
      port.postMessage({ t: 'error', error: errorBody(err) } satisfies ImportReply),
    );
  });
}

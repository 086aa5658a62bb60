import type { MessagePort } from 'node:worker_threads';
import type { CountryCode } from 'libphonenumber-js/max';
import type { ImportField, ImportRowProblem } from '../../../../shared/contract/offline';
import { AppError, refusal } from '../../errors';
import { normaliseContact, type NormalContact } from '../../members/register';
import { nameKey, normaliseEmail, normalisePhone } from '../../members/normalize';
import { errorBody, type WorkerErrorBody } from '../job-errors';
import { autoMapColumns, resolveMapping } from './column-mapping';
import { CONSENT, cellProblem, decode, MAX_ROWS, parseCsv, phoneFromCell, type ParsedRecord } from './row-checks';

/**
 * The member import's worker thread (issue 13 item 6): decoding, CSV parsing, the cell
 * checks and the members' own normalisation and validation (libphonenumber is most of a
 * row's cost) happen here; the main thread gets each row ready to write, or its problem,
 * in file order, in batches small enough to take in one turn (import-in-worker.ts).
 * What only the database can decide — is this phone already a member's? — stays with
 * the writer.
 */
export interface ImportParseRequest {
  t: 'parse';
  bytes: ArrayBuffer;
  encoding: 'utf-8' | 'gb18030';
  mapping?: Partial<Record<ImportField, string>>;
  country: CountryCode;
  now: number;
  dryRun: boolean;
}

/** A row checked: its problem, or the member to write. */
export interface CheckedRow {
  row: number;
  line: number;
  /** The dry run's repeat keys (normalised phone and email, as far as each is valid). */
  keys: string[];
  problem?: Omit<ImportRowProblem, 'row' | 'line'>;
  member?: {
    name: string;
    nameKey: string;
    phone: { e164: string; last4: string } | null;
    email: string | null;
    birthday: string | null;
    consent: boolean;
    fields: string[];
  };
}

export type ImportReply =
  | { t: 'head'; headers: string[]; mapping: Partial<Record<ImportField, string>>; totalRows: number }
  | { t: 'rows'; rows: CheckedRow[] }
  | { t: 'end' }
  | { t: 'error'; error: WorkerErrorBody };

/** Rows per message: each is structured-cloned on the main thread in one go (~1 ms). */
const BATCH = 1_000;

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

export function serveImport(port: MessagePort): void {
  port.on('message', (m: ImportParseRequest) => {
    void (async () => {
      try {
        const records = await parseCsv(decode(Buffer.from(m.bytes), m.encoding));
        if (records.length === 0) throw new AppError('VALIDATION', 'The file is empty', { reason: 'empty' });
        const headers = records[0].record.map((h) => h.trim());
        if (records.length - 1 > MAX_ROWS) {
          throw new AppError('VALIDATION', `At most ${MAX_ROWS} members per file; split the file`, {
            reason: 'tooManyRows',
          });
        }
        const mapping = m.mapping ?? autoMapColumns(headers);
        const index = resolveMapping(headers, mapping);
        port.postMessage({ t: 'head', headers, mapping, totalRows: records.length - 1 } satisfies ImportReply);
        let batch: CheckedRow[] = [];
        for (let r = 1; r < records.length; r++) {
          batch.push(checkRow(records[r], r, headers, index, m));
          if (batch.length === BATCH) {
            port.postMessage({ t: 'rows', rows: batch } satisfies ImportReply);
            batch = [];
          }
        }
        if (batch.length > 0) port.postMessage({ t: 'rows', rows: batch } satisfies ImportReply);
        port.postMessage({ t: 'end' } satisfies ImportReply);
      } catch (err) {
        port.postMessage({ t: 'error', error: errorBody(err) } satisfies ImportReply);
      }
    })();
  });
}

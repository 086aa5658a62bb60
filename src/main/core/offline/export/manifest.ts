import type { ExportFormat } from '../../../../shared/settings/offline';
import type { Watermark } from './export-runs';

export const MANIFEST_NAME = 'manifest.json';
/** Bump when a column is renamed or removed; adding columns keeps the version. */
export const EXPORT_FORMAT_VERSION = 1;

export interface ManifestFile {
  path: string;
  dataset: string;
  format: ExportFormat;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: 'perkdesk-export';
  formatVersion: number;
  exportId: string;
  terminalId: string;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  createdAt: string;
  createdAtMs: number;
  /** Time range covered: from the previous export's snapshot (null = the beginning) to this one's. */
  range: { fromMs: number | null; toMs: number };
  /** Each append dataset's rowid range (exclusive from, inclusive to) on this terminal. */
  watermark: { from: Record<string, number>; to: Record<string, number> };
  csv: { encoding: 'UTF-8'; bom: boolean; recordDelimiter: 'CRLF'; formulaEscape: "leading '" };
  /** How head office merges several terminals and overlapping exports. */
  mergeKey: string;
  files: ManifestFile[];
  /**
   * The audit chain this export carries (audit_log.*): `head` is its last record, `from`
   * the record just before the first one in the files (null: the files start at #1).
   * `previousExportedHead` is the head of the export before, as the terminal kept it, and
   * whether the chain still extended it when this export was made; `check` is the
   * terminal's own verification with its key. Head office re-checks the links from the
   * files alone (audit/verify-export-folder.ts).
   */
  audit?: {
    head: AuditPoint | null;
    from: AuditPoint | null;
    previousExportedHead: AuditPoint | null;
    extendsPreviousExportedHead: boolean | null;
    check: { ok: boolean; problems: string[] };
  };
}

export interface AuditPoint {
  seq: number;
  hash: string;
}

export function buildManifest(m: {
  exportId: string;
  terminalId: string;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  createdAt: number;
  previous: Watermark | null;
  watermark: Watermark;
  bom: boolean;
  files: ManifestFile[];
  audit?: ExportManifest['audit'];
}): ExportManifest {
  return {
    format: 'perkdesk-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    exportId: m.exportId,
    terminalId: m.terminalId,
    kind: m.kind,
    trigger: m.trigger,
    createdAt: new Date(m.createdAt).toISOString(),
    createdAtMs: m.createdAt,
    range: { fromMs: m.previous?.at ?? null, toMs: m.watermark.at },
    watermark: { from: m.previous?.rowids ?? {}, to: m.watermark.rowids },
    csv: { encoding: 'UTF-8', bom: m.bom, recordDelimiter: 'CRLF', formulaEscape: "leading '" },
    mergeKey:
      'Rows are identified by id (UUIDv7, unique across terminals; purchase_lines by purchase_id + line_no). ' +
      'Keep one row per id; for members and redemptions the row with the newest updated_at/voided_at wins.',
    files: m.files,
    ...(m.audit ? { audit: m.audit } : {}),
  };
}

import { z } from 'zod';
import { channel } from './define';
import { empty, line } from './common';
import { MANAGER_UP, OWNER_ONLY } from '../roles';
import { absoluteFolder, clockTime, EXPORT_FORMATS } from '../settings/offline';
import { settingsChangedAudit, type SettingChange } from './settings';

/**
 * Channels of the offline area: the scheduled export for head office, backups and
 * restore, and the CSV member import. Long jobs (export, backup, restore) run without
 * blocking the counter; `offline:status` reports their progress for the UI to poll.
 */

// ---------------------------------------------------------------------------------------
// DTOs
// ---------------------------------------------------------------------------------------

export interface ExportConfigDto {
  exportDir: string;
  exportEveryHours: number;
  exportClosingTime: string;
  exportFormats: ('csv' | 'jsonl')[];
  exportCsvBom: boolean;
}

export interface ExportFileDto {
  path: string;
  dataset: string;
  format: 'csv' | 'jsonl';
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExportResultDto {
  exportId: string;
  /** Folder name inside the export folder. */
  folder: string;
  /** Absolute path of that folder. */
  path: string;
  kind: 'full' | 'incremental';
  rows: Record<string, number>;
  files: ExportFileDto[];
  bytes: number;
  durationMs: number;
}

export interface ExportRunDto {
  id: string;
  startedAt: number;
  finishedAt: number;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  status: 'ok' | 'failed';
  folder: string | null;
  folderRoot: string;
  error: string | null;
  formats: string[];
  rows: Record<string, number>;
}

export interface JobProgressDto {
  kind: 'export' | 'backup' | 'restore' | 'import';
  startedAt: number;
  phase: string;
  item: string | null;
  done: number;
  total: number | null;
}

export interface JobCancelDto {
  /** True when this call stopped a running export or import; false when there was nothing to stop. */
  cancelled: boolean;
  kind: 'export' | 'import' | null;
  /** Progress when the cancel was asked (rows done of total, as `offline:status` showed). */
  done: number;
  total: number | null;
}

export interface BackupDto {
  name: string;
  createdAt: number;
  trigger: 'auto' | 'manual' | 'pre-restore';
  sizeBytes: number;
  schemaVersion: number;
  sha256: string;
  /** quick_check passed when it was made (and the sidecar says so). */
  verified: boolean;
}

export interface OfflineStatusDto {
  job: JobProgressDto | null;
  export: {
    configured: boolean;
    lastOkAt: number | null;
    lastOkFolder: string | null;
    lastFailedAt: number | null;
    lastError: string | null;
    nextDueAt: number | null;
  };
  backup: {
    lastAt: number | null;
    lastName: string | null;
    nextDueAt: number | null;
  };
}

export interface RestoreResultDto {
  restoredFrom: string;
  safetyBackup: string;
  schemaVersion: number;
  /** False when the restoring owner does not exist in the restored data: sign in again. */
  stillSignedIn: boolean;
}

export const IMPORT_FIELDS = ['name', 'phone', 'email', 'birthday', 'marketingConsent'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_ROW_REASONS = [
  'columns',
  'encoding',
  'tooLong',
  'formula',
  'controlChars',
  'consentInvalid',
  // members' own validation reasons pass through (nameRequired, phoneInvalid, ...)
] as const;

export interface ImportRowProblem {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** Line in the file where the record starts (1-based). */
  line: number;
  field: string | null;
  reason: string;
  message: string;
}

export interface ImportReportDto {
  dryRun: boolean;
  headers: string[];
  mapping: Partial<Record<ImportField, string>>;
  totalRows: number;
  /** Rows that are (dry run: would be) new members. */
  created: number;
  /** Rows whose phone or email already belongs to a member: skipped, never duplicated. */
  duplicates: number;
  /** Rows refused, with their problems (at most 500 listed; `errorCount` is the total). */
  errorCount: number;
  errors: ImportRowProblem[];
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/**
 * CSV file bytes, base64 (the renderer reads the picked file; main decides the encoding).
 * Its alphabet is checked where the file is decoded, in the import's worker thread
 * (offline/import/row-checks.ts#fileBytes, the same VALIDATION refusal on `fileBase64`):
 * checked here it cost the main thread 12–13 ms per 100,000-row file.
 */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const fileBase64 = z
  .string()
  .min(1)
  .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4);

const importInput = z.strictObject({
  fileBase64,
  encoding: z.enum(['utf-8', 'gb18030']).default('utf-8'),
  /** Field → CSV header. Omitted: matched from the header row (name, phone, 姓名, 手机...). */
  mapping: z
    .strictObject({
      name: line(200).optional(),
      phone: line(200).optional(),
      email: line(200).optional(),
      birthday: line(200).optional(),
      marketingConsent: line(200).optional(),
    })
    .optional(),
});

/** A folder PerkDesk must write to (export folder, backups), refused by the file system. */
const FOLDER_REFUSALS = [
  'folderMissing', // does not exist (is the drive plugged in?): details.folder, fsCode
  'notAFolder', // the path is a file
  'folderReadOnly', // read-only medium or no permission
  'diskFull', // no space left
  'fileSystemError', // anything else the file system refused: details.fsCode
] as const;

/** Reading a member import file, in the order checked. */
const IMPORT_REFUSALS = [
  'notBase64', // fileBase64 is not base64 (checked where it is decoded: row-checks.ts#fileBytes)
  'csvUnreadable', // not parseable as CSV
  'empty', // no rows at all
  'tooManyRows', // more than one import takes: split the file
  'mappingUnknownColumn', // the mapping names a column the file does not have: details.field
  'missingColumns', // no name column, or neither phone nor email: details.missing
  'jobRunning', // an export, backup or restore is running: details.running
  'cancelled', // stopped by Cancel import: details.created, done, total (not on a dry run)
] as const;

export const offlineContract = {
  /** Saves the export folder and schedule after checking the folder exists and is writable. */
  'offline:exportConfig': channel<ExportConfigDto, { changes: SettingChange[] }>()({
    input: z.strictObject({
      exportDir: absoluteFolder,
      exportEveryHours: z.number().int().min(0).max(168),
      exportClosingTime: z.union([clockTime, z.literal('')]),
      exportFormats: z
        .array(z.enum(EXPORT_FORMATS))
        .min(1)
        .max(2)
        .refine((a) => new Set(a).size === a.length, { message: 'each format once' }),
      exportCsvBom: z.boolean(),
    }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: FOLDER_REFUSALS,
    audit: settingsChangedAudit,
    invalidates: ['offline:status', 'settings:get'],
  }),
  /** Runs an export now and resolves when it is written and verified. */
  'offline:exportRun': channel<ExportResultDto>()({
    input: z.strictObject({ kind: z.enum(['full', 'incremental']) }),
    access: MANAGER_UP,
    effect: 'job',
    refusals: [
      'jobRunning', // another job is running: details.running
      'exportFolderNotSet', // no export folder configured yet
      'cancelled', // stopped by Cancel export: nothing was published
      ...FOLDER_REFUSALS,
    ],
    audit: { action: 'export.completed', recordedBy: 'job' },
    invalidates: ['offline:status', 'offline:exportHistory'],
  }),
  /** Running job progress, last export and backup, next scheduled times (status bar). Polled. */
  'offline:status': channel<OfflineStatusDto>()({
    input: empty,
    access: 'signedIn',
    effect: 'read',
    passive: true,
    // The screens poll it to show that a restore is running.
    whileRestoring: true,
    refusals: [],
  }),
  'offline:exportHistory': channel<ExportRunDto[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(20) }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  'offline:backupNow': channel<BackupDto>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'job',
    refusals: [
      'jobRunning', // another job is running: details.running
      ...FOLDER_REFUSALS, // the backup folder refused the copy
    ],
    audit: { action: 'backup.created', recordedBy: 'job' },
    invalidates: ['offline:backupList', 'offline:status'],
  }),
  'offline:backupList': channel<BackupDto[]>()({ input: empty, access: MANAGER_UP, effect: 'read', refusals: [] }),
  /** Owner only: replaces today's data with a backup, after a safety backup of it. */
  'offline:backupRestore': channel<RestoreResultDto>()({
    input: z.strictObject({
      name: z.string().regex(/^perkdesk-(auto|manual|pre-restore)-\d{8}T\d{9}Z\.sqlite$/, 'not a backup name'),
      confirm: z.literal(true),
    }),
    access: OWNER_ONLY,
    effect: 'job',
    refusals: [
      'backupNotFound', // no backup of that name in the backup folder
      'backupUnverified', // never passed its check: PerkDesk will not restore it
      'jobRunning', // another job is running
      // The restore's checks of a private copy, in this order (offline/backup/restore.ts):
      'backupNotRegistered', // not in the MACed backup register: added, renamed or made before it
      'backupChanged', // its sha256 is not the one recorded when it was made: details.recorded, found
      'backupDamaged', // fails its integrity check now
      'backupTooNew', // made by a newer PerkDesk: details.schemaVersion
      'schemaMismatch', // schema version or schema not what our migrations make: details.recorded/found or differences
      'backupOtherTerminal', // belongs to another terminal: details.backupTerminal
      'auditChainBroken', // its audit chain does not verify with this terminal's key: details.brokenAt
      'ledgerMismatch', // a cached balance differs from its ledger sum: details.mismatches
      ...FOLDER_REFUSALS, // the safety backup could not be written
    ],
    audit: { action: 'backup.restored', recordedBy: 'job' },
    invalidates: ['offline:backupList', 'offline:status'],
  }),
  /**
   * Asks the running export or import to stop (the Cancel button). The same role as starting
   * either. Harmless when nothing runs, the job already finished or a cancel was already asked:
   * `cancelled` is then false and nothing is recorded. An export publishes nothing; an import
   * keeps the chunks it had committed (its `members.imported` record says how many rows).
   */
  'offline:jobCancel': channel<JobCancelDto>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'write',
    refusals: [],
    audit: {
      action: 'job.cancelRequested',
      target: (_i, o) => o.kind,
      details: (_i, o) => ({ kind: o.kind, done: o.done, total: o.total }),
      when: (_i, o) => o.cancelled,
    },
    invalidates: ['offline:status'],
  }),
  /** Checks every row as the import would, writes nothing. */
  'offline:importDryRun': channel<ImportReportDto>()({
    input: importInput,
    access: MANAGER_UP,
    effect: 'job',
    refusals: IMPORT_REFUSALS,
  }),
  /** Imports the valid rows; rows already present (same phone or email) are skipped. */
  'offline:import': channel<ImportReportDto>()({
    input: importInput,
    access: MANAGER_UP,
    effect: 'job',
    refusals: IMPORT_REFUSALS,
    audit: { action: 'members.imported', recordedBy: 'job' },
    invalidates: ['members:search', 'members:list'],
  }),
};

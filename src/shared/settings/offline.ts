import { z } from 'zod';
import { line } from '../contract/common';

/** "HH:MM" on a 24-hour clock, local time of the terminal. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM, e.g. 22:00');

/**
 * An absolute folder: POSIX (/media/usb) or Windows (D:\exports, \\server\share), with no
 * `..` segment. The one definition for every channel that sets the export folder
 * (`settings:update` and `offline:exportConfig`): a relative path would resolve against
 * wherever the app happened to start.
 */
export const absoluteFolder = line(1000)
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { message: 'must be an absolute folder path' })
  .refine((p) => !p.split(/[\\/]/).includes('..'), { message: 'must not contain ..' });

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Settings owned by the offline area: export for head office and backups (issue 5).
 * Every field has a default so a fresh database reads a complete value; exporting is
 * off until a manager picks a folder (an empty folder means "not configured").
 */
export const offlineSettingsSchema = z.strictObject({
  /** Absolute folder the exports are written into; '' = not configured. */
  exportDir: z.union([z.literal(''), absoluteFolder]).default(''),
  /** Run an export every N hours (0 = no interval schedule). */
  exportEveryHours: z.number().int().min(0).max(168).default(0),
  /** Also run one at the store's closing time, local time ('' = none). */
  exportClosingTime: z.union([clockTime, z.literal('')]).default(''),
  exportFormats: z
    .array(z.enum(EXPORT_FORMATS))
    .min(1)
    .max(2)
    .refine((a) => new Set(a).size === a.length, { message: 'each format once' })
    .default(['csv', 'jsonl']),
  /** Write a UTF-8 byte order mark at the start of CSV files so Excel reads Chinese text. */
  exportCsvBom: z.boolean().default(false),
  /** Automatic backup every N hours (0 = only on demand). */
  backupEveryHours: z.number().int().min(0).max(168).default(24),
  /** Rotation: keep the newest backup of each of the last N days that have one ... */
  backupKeepDaily: z.number().int().min(1).max(90).default(7),
  /** ... and of each of the M weeks before those. */
  backupKeepWeekly: z.number().int().min(0).max(104).default(4),
});

export type OfflineSettings = z.output<typeof offlineSettingsSchema>;

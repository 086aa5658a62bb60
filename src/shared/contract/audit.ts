import { z } from 'zod';
import { channel } from './define';
import { epochMs, id, line } from './common';
import { MANAGER_UP } from '../roles';

export interface AuditEntryDto {
  seq: number;
  id: string;
  at: number;
  actorId: string | null;
  /** As recorded: the staff member's user name at the time. */
  actorName: string | null;
  /** The actor's display name now (null: no actor, or a staff record no longer there). */
  staffName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  terminalId: string;
  /** The staff member or member the record is about, by name as of now (null: none or unknown). */
  subjectName: string | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** seq of the first record whose hash does not match, when not ok. */
  brokenAt?: number;
  /** Why it is not ok, in a few words. */
  problem?: string;
  /** After an owner's key replacement: MACs are checked from this seq, earlier records by link and digest. */
  macVerifiedFrom?: number;
  /** Head (seq, hash) of the last export, kept outside the database file; null before the first export. */
  exportedHead?: { seq: number; hash: string } | null;
  /** False when the chain no longer contains the exported head (then ok is false); null before any export. */
  extendsExportedHead?: boolean | null;
  /** Problems with where the exported head is kept (file missing, from another terminal, MAC wrong). */
  warnings?: string[];
}

export const auditContract = {
  'audit:list': channel<{ entries: AuditEntryDto[]; nextBefore: number | null }>()({
    input: z.strictObject({
      /** Prefix match ('staff.' = every staff action). */
      action: line(60).optional(),
      /** Exact match, from the page's list of action types; wins over `action`. */
      actionIs: line(60).optional(),
      actorId: id.optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
      /** Page backwards: only entries with seq < before. */
      before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  'audit:verify': channel<AuditVerifyResult>()({
    input: z.strictObject({}),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
};

import { z } from 'zod';
import { channel } from './define';
import { epochMs, id, line } from './common';
import { MANAGER_UP } from '../roles';

export interface AuditEntryDto {
  seq: number;
  id: string;
  at: number;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  terminalId: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** seq of the first record whose hash does not match, when not ok. */
  brokenAt?: number;
}

export const auditContract = {
  'audit:list': channel<{ entries: AuditEntryDto[]; nextBefore: number | null }>()({
    input: z.strictObject({
      action: line(60).optional(),
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

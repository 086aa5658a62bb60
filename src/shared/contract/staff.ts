import { z } from 'zod';
import { channel } from './define';
import { id, line, password, empty, username } from './common';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import type { ApprovalPolicy } from './define';
import type { Role } from '../roles';

/** Why managing another staff member can be refused, in the order checked. */
const MANAGE_REFUSALS = [
  'staffNotFound', // no staff member with this id
  'ownAccount', // nobody deactivates (or resets) themselves
  'ownerAccount', // the owner is managed by nobody
  'ownerOnly', // only the owner manages managers
] as const;

export interface StaffDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: number;
}

/** A manager's approval, given on the cashier's screen (it never signs the manager in). */
export interface ApprovalGrantDto {
  approver: { id: string; username: string; displayName: string };
  /** The same operation must be sent again before this. */
  expiresAt: number;
}

/** Repeated failed password attempts in the last 24 hours (the status bar's alert). */
export interface SecurityAlertsDto {
  since: number;
  /** Wrong passwords or unknown user names at sign-in, unlock, approval and change-password. */
  failedAttempts: number;
  /** Back-offs started: an account (or a name) was guessed at repeatedly. */
  backoffs: number;
  lastAt: number | null;
}

export const staffContract = {
  /** Polled by the status bar of managers and the owner: not activity for the idle lock. */
  'staff:alerts': channel<SecurityAlertsDto>()({
    input: empty,
    access: MANAGER_UP,
    effect: 'read',
    passive: true,
    refusals: [],
  }),
  /**
   * A manager or owner approves one operation a cashier's session was refused
   * `approvalRequired` for (`requestId` from that refusal), with their own user name and
   * password. Shares sign-in's back-off; audited with both names (core/approval-step.ts).
   */
  'staff:approve': channel<
    ApprovalGrantDto,
    { channel: string; policy: ApprovalPolicy; opId: string | null; facts: Record<string, unknown> }
  >()({
    input: z.strictObject({
      requestId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid request id'),
      username,
      password: z.string().min(1).max(200),
    }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [
      'approvalNotFound', // unknown, expired, used, or another session's request
      'tooManyAttempts', // the approver's sign-in back-off: details.retryAfterMs
      'wrongCredentials', // unknown user, wrong password or deactivated (one answer, as at sign-in)
      'approverNotAllowed', // right password, but a cashier (or the requester themselves)
    ],
    audit: {
      action: 'approval.granted',
      target: (_i, _o, { notes }) => notes.channel,
      actor: (_i, o) => ({ staffId: o.approver.id, username: o.approver.username }),
      details: (_i, o, { actor, notes }) => ({
        channel: notes.channel,
        opId: notes.opId,
        policy: notes.policy,
        facts: notes.facts,
        approvedBy: o.approver.username,
        requestedBy: actor?.username ?? null,
        expiresAt: o.expiresAt,
      }),
    },
  }),

  'staff:list': channel<StaffDto[]>()({ input: empty, access: MANAGER_UP, effect: 'read', refusals: [] }),
  /** Managers create cashiers; the owner may also create managers. */
  'staff:create': channel<StaffDto>()({
    input: z.strictObject({
      username,
      displayName: line(80),
      role: z.enum(['cashier', 'manager']),
      password,
    }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: [
      'ownerOnly', // only the owner creates managers
      'usernameTaken', // details.field = username
      'usernameLookalike', // looks like an existing name ("0wner" / "owner"): details.lookalike
      'weakPassword', // details.field = password
    ],
    audit: {
      action: 'staff.created',
      target: (_i, o) => o.id,
      details: (i) => ({ username: i.username, role: i.role }),
    },
    invalidates: ['staff:list'],
  }),
  /** Deactivating ends every session of that staff member at once. */
  'staff:deactivate': channel<StaffDto, { sessionsEnded: number }>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: MANAGE_REFUSALS,
    audit: {
      action: 'staff.deactivated',
      target: (_i, o) => o.id,
      details: (_i, o, { notes }) => ({ username: o.username, sessionsEnded: notes.sessionsEnded }),
    },
    invalidates: ['staff:list'],
  }),
  'staff:reactivate': channel<StaffDto>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: MANAGE_REFUSALS,
    audit: { action: 'staff.reactivated', target: (_i, o) => o.id, details: (_i, o) => ({ username: o.username }) },
    invalidates: ['staff:list'],
  }),
  /** One-time reset code for staff who forgot their password; expires in 15 minutes. Never recorded. */
  'staff:issueResetCode': channel<{ code: string; expiresAt: number }, { username: string }>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: MANAGE_REFUSALS,
    audit: {
      action: 'staff.resetCodeIssued',
      target: (i) => i.staffId,
      details: (_i, o, { notes }) => ({ username: notes.username, expiresAt: o.expiresAt }),
    },
  }),
};

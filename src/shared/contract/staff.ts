import { z } from 'zod';
import { channel } from './define';
import { id, line, password, empty, username } from './common';
import { MANAGER_UP } from '../roles';
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

export const staffContract = {
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

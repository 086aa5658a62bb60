import { z } from 'zod';
import { channel } from './define';
import { id, line, password, empty } from './common';
import { username } from './auth';
import { MANAGER_UP } from '../roles';
import type { Role } from '../roles';

export interface StaffDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: number;
}

export const staffContract = {
  'staff:list': channel<StaffDto[]>()({ input: empty, access: MANAGER_UP }),
  /** Managers create cashiers; the owner may also create managers. */
  'staff:create': channel<StaffDto>()({
    input: z.strictObject({
      username,
      displayName: line(80),
      role: z.enum(['cashier', 'manager']),
      password,
    }),
    access: MANAGER_UP,
  }),
  /** Deactivating ends every session of that staff member at once. */
  'staff:deactivate': channel<StaffDto>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
  }),
  'staff:reactivate': channel<StaffDto>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
  }),
  /** One-time reset code for staff who forgot their password; expires in 15 minutes. */
  'staff:issueResetCode': channel<{ code: string; expiresAt: number }>()({
    input: z.strictObject({ staffId: id }),
    access: MANAGER_UP,
  }),
};

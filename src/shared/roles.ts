export const ROLES = ['cashier', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call a channel.
 * - 'public': no session needed (first run, sign-in, recovery).
 * - 'signedIn': any signed-in staff member, whatever the role.
 * - a list of roles: only those roles.
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

export const CASHIER_UP: readonly Role[] = ['cashier', 'manager', 'owner'];
export const MANAGER_UP: readonly Role[] = ['manager', 'owner'];
export const OWNER_ONLY: readonly Role[] = ['owner'];

export function isAllowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signedIn') return true;
  return access.includes(role);
}

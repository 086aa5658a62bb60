import { create } from 'zustand';
import type { StaffDto } from '../../../shared/contract';
import type { Role } from '../../../shared/roles';

/**
 * Who is signed in. The renderer holds only the opaque token; every decision about
 * what that token may do is made in main.
 */
interface SessionState {
  token: string | null;
  staff: StaffDto | null;
  locked: boolean;
  idleLockMinutes: number;
  signedIn(token: string, staff: StaffDto, idleLockMinutes: number): void;
  setLocked(locked: boolean): void;
  signedOut(): void;
}

export const useSession = create<SessionState>((set) => ({
  token: null,
  staff: null,
  locked: false,
  idleLockMinutes: 5,
  signedIn: (token, staff, idleLockMinutes) => set({ token, staff, idleLockMinutes, locked: false }),
  setLocked: (locked) => set({ locked }),
  signedOut: () => set({ token: null, staff: null, locked: false }),
}));

/**
 * Whether the signed-in staff member's role is in `roles` (e.g. MANAGER_UP from
 * shared/roles). For showing or hiding controls only: main decides every call.
 */
export function useHasRole(roles: readonly Role[]): boolean {
  return useSession((s) => (s.staff ? roles.includes(s.staff.role) : false));
}

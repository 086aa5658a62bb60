import { create } from 'zustand';

/**
 * Small cross-page signals of the members area:
 * - `openAtCounter(id)`: the member list (or any page) asks the counter to open a member;
 * - `pointsChanged(id)`: the points area tells the member view to re-read the balance
 *   after an award, redemption or refund (the member view listens).
 */
interface MemberEvents {
  pendingOpen: string | null;
  pointsVersion: number;
  openAtCounter(memberId: string): void;
  takePendingOpen(): string | null;
  pointsChanged(memberId?: string): void;
}

export const useMemberEvents = create<MemberEvents>((set, get) => ({
  pendingOpen: null,
  pointsVersion: 0,
  openAtCounter: (memberId) => set({ pendingOpen: memberId }),
  takePendingOpen: () => {
    const id = get().pendingOpen;
    if (id) set({ pendingOpen: null });
    return id;
  },
  pointsChanged: () => set((s) => ({ pointsVersion: s.pointsVersion + 1 })),
}));

export function notifyMemberPointsChanged(memberId?: string): void {
  useMemberEvents.getState().pointsChanged(memberId);
}

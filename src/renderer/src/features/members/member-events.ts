import { create } from 'zustand';

/**
 * Small cross-page signals of the members area:
 * - `openAtCounter(id)`: the member list (or any page) asks the counter to open a member;
 * - `pointsChanged(id)`: the points area tells the member view to re-read the balance
 *   after an award, redemption or refund (the member view listens);
 * - `requestPinReset()`: the Redeem tab, after a PIN back-off, opens the member PIN's
 *   reset form (the identity check) in the member view.
 */
interface MemberEvents {
  pendingOpen: string | null;
  pointsVersion: number;
  openAtCounter(memberId: string): void;
  takePendingOpen(): string | null;
  pointsChanged(memberId?: string): void;
  pinResetRequest: number;
  requestPinReset(): void;
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
  pinResetRequest: 0,
  requestPinReset: () => set((s) => ({ pinResetRequest: s.pinResetRequest + 1 })),
}));

export function notifyMemberPointsChanged(memberId?: string): void {
  useMemberEvents.getState().pointsChanged(memberId);
}

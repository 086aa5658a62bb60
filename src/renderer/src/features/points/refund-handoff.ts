import { create } from 'zustand';

/**
 * A receipt found in one member's Refund tab that belongs to another member: "Open Lin
 * Mei" opens that member at the counter and their Refund tab takes the receipt over, so
 * the cashier never retypes it. One pending hand-off at a time, for one member.
 */
interface RefundHandoff {
  pending: { memberId: string; receiptNo: string } | null;
  hand(memberId: string, receiptNo: string): void;
  clear(): void;
}

export const useRefundHandoff = create<RefundHandoff>((set) => ({
  pending: null,
  hand: (memberId, receiptNo) => set({ pending: { memberId, receiptNo } }),
  clear: () => set({ pending: null }),
}));

/** The receipt handed to this member, if any (read during render: no side effect). */
export function peekRefundHandoff(memberId: string): string | null {
  const p = useRefundHandoff.getState().pending;
  return p && p.memberId === memberId ? p.receiptNo : null;
}

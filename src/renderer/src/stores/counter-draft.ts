import { useEffect } from 'react';
import { create } from 'zustand';

/**
 * Which counter panels hold input the cashier typed and has not recorded yet (an amount,
 * a receipt number, line items, refund quantities, a PIN form, an edit). The counter asks
 * before anything would throw it away — a card scan for another member — and stray digits
 * on a button never close the member (issue 9 items 3–4). Each panel reports under its
 * own key; unmounting clears the key.
 */
interface CounterDraftState {
  unsaved: Record<string, boolean>;
  report(key: string, dirty: boolean): void;
}

export const useCounterDraft = create<CounterDraftState>((set) => ({
  unsaved: {},
  report: (key, dirty) => set((s) => (s.unsaved[key] === dirty ? s : { unsaved: { ...s.unsaved, [key]: dirty } })),
}));

export function hasUnsavedInput(): boolean {
  return Object.values(useCounterDraft.getState().unsaved).some(Boolean);
}

/** A panel reports whether it holds unsaved input (cleared when it unmounts). */
export function useReportUnsaved(key: string, dirty: boolean): void {
  useEffect(() => {
    useCounterDraft.getState().report(key, dirty);
  }, [key, dirty]);
  useEffect(() => () => useCounterDraft.getState().report(key, false), [key]);
}

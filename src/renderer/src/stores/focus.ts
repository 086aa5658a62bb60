import { useEffect, type RefObject } from 'react';
import { create } from 'zustand';

/**
 * Focus requests that cross areas. The shell turns `F2` or `/` into
 * `requestFocus('counterSearch')` (after switching to the counter page); the counter's
 * search box registers with `useFocusTarget('counterSearch', inputRef)` and takes the
 * focus on every request, and on mount.
 */
export type FocusTarget = 'counterSearch';

interface FocusState {
  requests: Record<FocusTarget, number>;
  requestFocus(target: FocusTarget): void;
}

export const useFocusRequests = create<FocusState>((set) => ({
  requests: { counterSearch: 0 },
  requestFocus: (target) => set((s) => ({ requests: { ...s.requests, [target]: s.requests[target] + 1 } })),
}));

export function requestFocus(target: FocusTarget): void {
  useFocusRequests.getState().requestFocus(target);
}

export function useFocusTarget(target: FocusTarget, ref: RefObject<HTMLElement | null>): void {
  const request = useFocusRequests((s) => s.requests[target]);
  useEffect(() => {
    ref.current?.focus();
  }, [request, ref]);
}

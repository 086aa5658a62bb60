import { create } from 'zustand';
import type { PageId } from '../app/page-ids';
import { useUnsaved } from './unsaved';

/**
 * Which page the shell shows. The counter is the default after every sign-in.
 * Leaving a page with unsaved sections (stores/unsaved.ts) does not happen at once: the
 * wanted page waits in `pending` and the shell asks (UnsavedChangesDialog) — stay, or
 * leave without saving.
 */
interface NavigationState {
  page: PageId;
  pending: PageId | null;
  go(page: PageId): void;
  /** Leave for the pending page, dropping the unsaved changes. */
  leave(): void;
  stay(): void;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  page: 'counter',
  pending: null,
  go: (page) => {
    if (page !== get().page && Object.keys(useUnsaved.getState().sections).length > 0) set({ pending: page });
    else set({ page, pending: null });
  },
  leave: () => {
    const next = get().pending;
    if (next === null) return;
    useUnsaved.getState().clear();
    set({ page: next, pending: null });
  },
  stay: () => set({ pending: null }),
}));

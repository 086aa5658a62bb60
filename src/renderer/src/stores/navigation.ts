import { create } from 'zustand';
import type { PageId } from '../app/page-ids';

/** Which page the shell shows. The counter is the default after every sign-in. */
interface NavigationState {
  page: PageId;
  go(page: PageId): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  page: 'counter',
  go: (page) => set({ page }),
}));

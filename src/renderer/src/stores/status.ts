import { create } from 'zustand';

/**
 * Facts the status bar shows that other areas own. The offline area writes
 * `setLastBackupAt` / `setLastExportAt` (epoch ms) after a backup/export or when it
 * loads its state; the bar shows "—" while they are null.
 */
interface StatusBarState {
  lastBackupAt: number | null;
  lastExportAt: number | null;
  setLastBackupAt(at: number | null): void;
  setLastExportAt(at: number | null): void;
}

export const useStatusBar = create<StatusBarState>((set) => ({
  lastBackupAt: null,
  lastExportAt: null,
  setLastBackupAt: (lastBackupAt) => set({ lastBackupAt }),
  setLastExportAt: (lastExportAt) => set({ lastExportAt }),
}));

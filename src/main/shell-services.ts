import { BrowserWindow, dialog } from 'electron';
import type { ShellServices } from './ipc-adapter';

/**
 * The two shell services, bound to our one window. Callers have already passed the
 * sender check, so `getWindow()` is the window that asked.
 */
export function createShellServices(getWindow: () => BrowserWindow | null): ShellServices {
  return {
    print: () =>
      new Promise((resolve) => {
        const window = getWindow();
        if (!window || window.isDestroyed()) return resolve({ ok: false });
        // Not silent: the OS dialog lets the cashier pick the printer and (where the
        // platform's dialog has one, e.g. macOS and GTK) see a preview first.
        window.webContents.print({ silent: false, printBackground: true }, (success) => resolve({ ok: success }));
      }),
    chooseFolder: async () => {
      const window = getWindow();
      const options = { title: 'Choose a folder', properties: ['openDirectory', 'createDirectory'] as const };
      const result = window
        ? await dialog.showOpenDialog(window, { ...options, properties: [...options.properties] })
        : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
    },
  };
}

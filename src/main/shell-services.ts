import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ShellServices } from './ipc-adapter';

/**
 * What `webContents.print`'s callback reports when the cashier closes the dialog
 * without printing: "cancelled" (Electron ≤ 17), "canceled", or "Print job canceled"
 * (the documented text since). Any of them is the cashier's choice, not a failure.
 */
export function isPrintCancelled(failureReason: unknown): boolean {
  return typeof failureReason === 'string' && /cancel/i.test(failureReason);
}

function isFolder(path: string): boolean {
  try {
    return isAbsolute(path) && existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where a folder picker opens: the folder picked last (this session), else the one the
 * store already uses (`suggested`, e.g. the configured export folder), else Documents,
 * else Downloads, else the home folder. Only folders that exist now count: a USB stick
 * that was pulled out must not leave the dialog at an error.
 */
export function startFolder(candidates: readonly (string | null | undefined)[]): string | undefined {
  for (const c of candidates) if (typeof c === 'string' && c !== '' && isFolder(c)) return c;
  return undefined;
}

function osFolder(name: 'documents' | 'downloads' | 'home'): string | null {
  try {
    return app.getPath(name);
  } catch {
    return null; // unknown on this platform
  }
}

/**
 * The two shell services, bound to our one window. Callers have already passed the
 * sender check, so `getWindow()` is the window that asked. `suggestedFolder` reads the
 * folder the store is already set up with (the export folder), if any.
 */
export function createShellServices(
  getWindow: () => BrowserWindow | null,
  opts: { suggestedFolder?: () => string | null; log?: (message: string) => void } = {},
): ShellServices {
  let lastFolder: string | null = null;
  return {
    print: () =>
      new Promise((resolve) => {
        const window = getWindow();
        if (!window || window.isDestroyed()) return resolve({ ok: false });
        // Not silent: the OS dialog lets the cashier pick the printer and (where the
        // platform's dialog has one, e.g. macOS and GTK) see a preview first.
        window.webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
          if (success) return resolve({ ok: true });
          if (isPrintCancelled(failureReason)) return resolve({ ok: true, cancelled: true });
          opts.log?.(`printing failed: ${String(failureReason).slice(0, 200)}`);
          resolve({ ok: false });
        });
      }),
    chooseFolder: async () => {
      const window = getWindow();
      let suggested: string | null = null;
      try {
        suggested = opts.suggestedFolder?.() ?? null;
      } catch {
        suggested = null;
      }
      const defaultPath = startFolder([
        lastFolder,
        suggested,
        osFolder('documents'),
        osFolder('downloads'),
        osFolder('home'),
      ]);
      const options = {
        title: 'Choose a folder',
        defaultPath,
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      if (result.canceled || result.filePaths.length === 0) return null;
      lastFolder = result.filePaths[0]!;
      return lastFolder;
    },
  };
}

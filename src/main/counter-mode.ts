import type { Dispatch } from './core/dispatcher';
import type { CounterMode } from '../shared/settings/shell';

/** The slice of BrowserWindow the counter mode uses (a fake in tests). */
export interface ModeWindow {
  isDestroyed(): boolean;
  isKiosk(): boolean;
  setKiosk(flag: boolean): void;
  isMaximized(): boolean;
  maximize(): void;
  unmaximize(): void;
}

/**
 * Puts the window in the setting's mode. `screenTooSmall` (the work area cannot hold a
 * 1024×768 page beside the frame, see window-bounds.ts) keeps a "normal" window
 * maximised, so the status bar stays above the taskbar.
 */
export function applyCounterMode(window: ModeWindow, mode: CounterMode, opts: { screenTooSmall: boolean }): void {
  if (window.isDestroyed()) return;
  if (mode === 'kiosk') {
    if (!window.isKiosk()) window.setKiosk(true);
    return;
  }
  if (window.isKiosk()) window.setKiosk(false);
  if (mode === 'maximized' || opts.screenTooSmall) {
    if (!window.isMaximized()) window.maximize();
  } else if (window.isMaximized()) {
    window.unmaximize();
  }
}

/**
 * Settings reach main the way the idle lock does: main reads the store. The core never
 * imports Electron and has no change events, so main wraps the one dispatcher and, after
 * every successful call, compares the setting with the one last applied: a manager's
 * `settings:update` and a restored backup both take effect at once. `read` is the
 * store's per-connection cache, so the comparison costs a map lookup.
 */
export function watchCounterMode(
  dispatch: Dispatch,
  read: () => CounterMode,
  onChange: (mode: CounterMode) => void,
  log?: (message: string, err?: unknown) => void,
): Dispatch {
  let last: CounterMode | null = null;
  try {
    last = read();
  } catch {
    last = null;
  }
  return async (channel, input, meta) => {
    const result = await dispatch(channel, input, meta);
    if (!result.ok) return result;
    try {
      const now = read();
      if (now !== last) {
        last = now;
        onChange(now);
      }
    } catch (err) {
      // The window must never break a call that has already succeeded.
      log?.('could not apply the counter mode', err);
    }
    return result;
  };
}

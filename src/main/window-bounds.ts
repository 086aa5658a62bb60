/**
 * Window geometry as pure functions over a display's work area (the screen minus the
 * taskbar, dock or menu bar), so every screen size is tested without Electron.
 *
 * Sizes are *content* sizes (the page, `useContentSize: true`): the counter screen is
 * designed for a 1024×768 page, and the title bar and borders come on top of that. On
 * a 1024×768 or 1366×768 screen with a 40 px taskbar a 1024×768 page cannot fit at
 * all, so the minimum shrinks to what does fit and the window opens maximised: the
 * status bar and the lock button must never end up below the taskbar.
 */

/** The counter screen is designed for a 1024×768 page and up (DESIGN §3b). */
export const MIN_CONTENT = { width: 1024, height: 768 } as const;
/** Past this a bigger window only adds empty margins on a counter screen. */
export const MAX_PREFERRED_CONTENT = { width: 1600, height: 1000 } as const;
/** Share of the work area a normal window takes on screens with room to spare. */
export const PREFERRED_SHARE = 0.85;
/**
 * What a title bar and borders add around the page before the real frame can be
 * measured: Windows 10/11 at 100 % (31 px caption, 8 px borders) is the largest of the
 * common desktops. Measured again once the window exists (see `refit`).
 */
export const ESTIMATED_FRAME = { width: 16, height: 39 } as const;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface WindowGeometry {
  /** Outer position: centred in the work area. */
  x: number;
  y: number;
  /** Content (page) size. */
  width: number;
  height: number;
  /** Smallest content size the user can resize to. */
  minWidth: number;
  minHeight: number;
  /** The work area cannot hold a MIN_CONTENT page plus the frame: open maximised. */
  maximize: boolean;
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * The window for a work area: 85 % of it (at most 1600×1000, at least 1024×768), never
 * more than fits beside the frame, centred. Work areas too small for a 1024×768 page get
 * a minimum that fits and `maximize: true`.
 */
export function windowGeometry(workArea: Rect, frame: Size = ESTIMATED_FRAME): WindowGeometry {
  const room = {
    width: Math.max(1, Math.floor(workArea.width - frame.width)),
    height: Math.max(1, Math.floor(workArea.height - frame.height)),
  };
  const minWidth = Math.min(MIN_CONTENT.width, room.width);
  const minHeight = Math.min(MIN_CONTENT.height, room.height);
  const width = clamp(
    Math.round(workArea.width * PREFERRED_SHARE),
    minWidth,
    Math.min(MAX_PREFERRED_CONTENT.width, room.width),
  );
  const height = clamp(
    Math.round(workArea.height * PREFERRED_SHARE),
    minHeight,
    Math.min(MAX_PREFERRED_CONTENT.height, room.height),
  );
  return {
    x: Math.round(workArea.x + Math.max(0, (workArea.width - width - frame.width) / 2)),
    y: Math.round(workArea.y + Math.max(0, (workArea.height - height - frame.height) / 2)),
    width,
    height,
    minWidth,
    minHeight,
    maximize: room.width < MIN_CONTENT.width || room.height < MIN_CONTENT.height,
  };
}

/**
 * Once the window exists its real frame is known (outer bounds minus content bounds).
 * Returns the geometry to apply when the window as created does not lie inside the
 * work area (a taller title bar, 125 % scaling), else null.
 */
export function refit(workArea: Rect, outer: Rect, content: Rect): WindowGeometry | null {
  const inside =
    outer.x >= workArea.x &&
    outer.y >= workArea.y &&
    outer.x + outer.width <= workArea.x + workArea.width &&
    outer.y + outer.height <= workArea.y + workArea.height;
  if (inside) return null;
  const frame = {
    width: Math.max(0, outer.width - content.width),
    height: Math.max(0, outer.height - content.height),
  };
  return windowGeometry(workArea, frame);
}

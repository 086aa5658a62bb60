import type { Menu, MenuItemConstructorOptions } from 'electron';

/**
 * The packaged app's menu, by platform.
 *
 * Windows and Linux: none. A counter terminal has nothing to offer in a menu bar, and
 * Electron's default one carries Reload, Toggle Developer Tools and Zoom.
 *
 * macOS: there the menu is not decoration. Cmd+C/V/X/A in text fields and Cmd+Q are
 * menu items' accelerators, so `Menu.setApplicationMenu(null)` leaves a cashier unable
 * to paste a phone number or quit (electron/electron#49807). The app menu and Edit menu
 * are built from roles (the OS names and localises them), without View/Window/devtools.
 *
 * Not packaged (npm start / dev): Electron's default menu stays, devtools included.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  isPackaged: boolean,
): MenuItemConstructorOptions[] | null | 'default' {
  if (!isPackaged) return 'default';
  if (platform !== 'darwin') return null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { role: 'selectAll' },
      ],
    },
  ];
}

/** Installs the menu for this platform (see `applicationMenuTemplate`). */
export function installApplicationMenu(
  menu: Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>,
  platform: NodeJS.Platform,
  isPackaged: boolean,
): void {
  const template = applicationMenuTemplate(platform, isPackaged);
  if (template === 'default') return;
  menu.setApplicationMenu(template === null ? null : menu.buildFromTemplate(template));
}

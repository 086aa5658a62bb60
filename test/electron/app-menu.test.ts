import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

// Electron can't load here; the menu code only needs Menu's two static methods.
const menu = vi.hoisted(() => ({
  setApplicationMenu: vi.fn(),
  buildFromTemplate: vi.fn((template: unknown) => ({ built: template })),
}));
vi.mock('electron', () => ({ Menu: menu }));

const { applicationMenuTemplate, installApplicationMenu } = await import('../../src/main/app-menu');
const { Menu } = await import('electron');

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => (i.role ? [i.role] : []));
}

describe('the application menu', () => {
  it('packaged on macOS: the app menu and the Edit roles, so Cmd+C/V/X/A and Cmd+Q work (electron#49807)', () => {
    menu.setApplicationMenu.mockClear();
    installApplicationMenu(Menu, 'darwin', true);
    expect(menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const installed = menu.setApplicationMenu.mock.calls[0]![0] as { built: MenuItemConstructorOptions[] };
    const [appMenu, editMenu, ...rest] = installed.built;
    expect(rest).toEqual([]);
    expect(appMenu!.role).toBe('appMenu');
    expect(roles(appMenu!.submenu as MenuItemConstructorOptions[])).toEqual(
      expect.arrayContaining(['about', 'hide', 'quit']),
    );
    expect(editMenu!.role).toBe('editMenu');
    expect(roles(editMenu!.submenu as MenuItemConstructorOptions[])).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
  });

  it('packaged on macOS: nothing that opens devtools, reloads the page or zooms', () => {
    const template = applicationMenuTemplate('darwin', true) as MenuItemConstructorOptions[];
    const all = template.flatMap((m) => [m, ...((m.submenu as MenuItemConstructorOptions[]) ?? [])]);
    for (const forbidden of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu', 'zoomIn', 'resetZoom'])
      expect(roles(all)).not.toContain(forbidden);
  });

  it.each(['win32', 'linux'] as const)('packaged on %s: the menu is removed', (platform) => {
    menu.setApplicationMenu.mockClear();
    menu.buildFromTemplate.mockClear();
    installApplicationMenu(Menu, platform, true);
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(menu.buildFromTemplate).not.toHaveBeenCalled();
  });

  it.each(['darwin', 'win32', 'linux'] as const)('not packaged on %s: Electron’s default menu stays', (platform) => {
    menu.setApplicationMenu.mockClear();
    installApplicationMenu(Menu, platform, false);
    expect(menu.setApplicationMenu).not.toHaveBeenCalled();
  });
});

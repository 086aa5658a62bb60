import { describe, expect, it } from 'vitest';
import {
  ESTIMATED_FRAME,
  MIN_CONTENT,
  refit,
  windowGeometry,
  type Rect,
  type WindowGeometry,
} from '../../src/main/window-bounds';

/** Work areas as Electron reports them (DIPs): the screen minus taskbar / dock / menu bar. */
const SCREENS: Record<string, Rect> = {
  '800×600, no taskbar': { x: 0, y: 0, width: 800, height: 600 },
  '1024×768, 40 px taskbar at the bottom': { x: 0, y: 0, width: 1024, height: 728 },
  '1366×768, 40 px taskbar at the bottom': { x: 0, y: 0, width: 1366, height: 728 },
  '1366×768, 48 px taskbar on the left': { x: 48, y: 0, width: 1318, height: 768 },
  '1280×1024, 40 px taskbar': { x: 0, y: 0, width: 1280, height: 984 },
  '1920×1080, 40 px taskbar': { x: 0, y: 0, width: 1920, height: 1040 },
  '1920×1080 at 125 % (1536×864), 32 px taskbar': { x: 0, y: 0, width: 1536, height: 832 },
  '4K at 100 %, 40 px taskbar': { x: 0, y: 0, width: 3840, height: 2120 },
  '4K at 200 % (1920×1080), macOS menu bar and dock': { x: 0, y: 25, width: 1920, height: 980 },
  'second display to the right, 1024×768': { x: 1920, y: 0, width: 1024, height: 728 },
};

function outerOf(g: WindowGeometry, frame: { width: number; height: number } = ESTIMATED_FRAME): Rect {
  return { x: g.x, y: g.y, width: g.width + frame.width, height: g.height + frame.height };
}

function inside(outer: Rect, area: Rect): boolean {
  return (
    outer.x >= area.x &&
    outer.y >= area.y &&
    outer.x + outer.width <= area.x + area.width &&
    outer.y + outer.height <= area.y + area.height
  );
}

describe('windowGeometry', () => {
  it.each(Object.entries(SCREENS))('%s: the whole window lies inside the work area', (_name, area) => {
    const g = windowGeometry(area);
    expect(inside(outerOf(g), area)).toBe(true);
    expect(g.width).toBeGreaterThanOrEqual(g.minWidth);
    expect(g.height).toBeGreaterThanOrEqual(g.minHeight);
    for (const n of [g.x, g.y, g.width, g.height, g.minWidth, g.minHeight]) expect(Number.isInteger(n)).toBe(true);
  });

  it.each(Object.entries(SCREENS))(
    '%s: the page is at least 1024×768 wherever the work area allows it, and maximised where it does not',
    (_name, area) => {
      const g = windowGeometry(area);
      const fits =
        area.width - ESTIMATED_FRAME.width >= MIN_CONTENT.width &&
        area.height - ESTIMATED_FRAME.height >= MIN_CONTENT.height;
      expect(g.maximize).toBe(!fits);
      if (fits) {
        expect([g.minWidth, g.minHeight]).toEqual([1024, 768]);
        expect(g.width).toBeGreaterThanOrEqual(1024);
        expect(g.height).toBeGreaterThanOrEqual(768);
      }
    },
  );

  it('800×600: a page of everything there is, maximised', () => {
    expect(windowGeometry(SCREENS['800×600, no taskbar']!)).toEqual({
      x: 0,
      y: 0,
      width: 784,
      height: 561,
      minWidth: 784,
      minHeight: 561,
      maximize: true,
    });
  });

  it('1024×768 with a taskbar: the minimum shrinks to the work area (the status bar stays above the taskbar)', () => {
    const g = windowGeometry(SCREENS['1024×768, 40 px taskbar at the bottom']!);
    expect(g).toMatchObject({ width: 1008, height: 689, minWidth: 1008, minHeight: 689, maximize: true });
    expect(g.y + g.height + ESTIMATED_FRAME.height).toBeLessThanOrEqual(728);
  });

  it('1366×768 with a taskbar: full width minimum, height what is left, maximised', () => {
    const g = windowGeometry(SCREENS['1366×768, 40 px taskbar at the bottom']!);
    expect(g).toMatchObject({ minWidth: 1024, minHeight: 689, height: 689, maximize: true });
    expect(g.width).toBeGreaterThanOrEqual(1024);
  });

  it('1920×1080: 85 % of the work area, at most 1600×1000, centred', () => {
    const g = windowGeometry(SCREENS['1920×1080, 40 px taskbar']!);
    expect(g).toEqual({ x: 152, y: 59, width: 1600, height: 884, minWidth: 1024, minHeight: 768, maximize: false });
  });

  it('4K at 100 %: capped at 1600×1000 rather than a wall of white', () => {
    const g = windowGeometry(SCREENS['4K at 100 %, 40 px taskbar']!);
    expect(g).toMatchObject({ width: 1600, height: 1000, maximize: false });
    expect(g.x).toBe(Math.round((3840 - 1600 - ESTIMATED_FRAME.width) / 2));
  });

  it('offsets follow the work area: a taskbar on the left, the macOS menu bar, a second display', () => {
    expect(windowGeometry(SCREENS['1366×768, 48 px taskbar on the left']!).x).toBeGreaterThanOrEqual(48);
    expect(windowGeometry(SCREENS['4K at 200 % (1920×1080), macOS menu bar and dock']!).y).toBeGreaterThanOrEqual(25);
    expect(windowGeometry(SCREENS['second display to the right, 1024×768']!).x).toBe(1920);
  });
});

describe('refit', () => {
  const area = SCREENS['1366×768, 40 px taskbar at the bottom']!;

  it('leaves a window that fits alone', () => {
    const g = windowGeometry(area);
    const outer = outerOf(g);
    const content = { x: g.x + 8, y: g.y + 31, width: g.width, height: g.height };
    expect(refit(area, outer, content)).toBeNull();
  });

  it('a real frame taller than estimated (a 60 px caption): shrinks the page so the window fits again', () => {
    const g = windowGeometry(area);
    const frame = { width: 16, height: 68 };
    const outer = outerOf(g, frame);
    expect(inside(outer, area)).toBe(false);
    const fix = refit(area, outer, { x: g.x + 8, y: g.y + 60, width: g.width, height: g.height })!;
    expect(inside(outerOf(fix, frame), area)).toBe(true);
    expect(fix.height).toBe(728 - 68);
    expect(fix.minHeight).toBe(728 - 68);
  });
});

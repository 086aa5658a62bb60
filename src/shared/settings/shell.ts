import { z } from 'zod';

/**
 * How the Electron window sits on the screen. A shared desk PC keeps a normal window;
 * a dedicated counter terminal is maximised, or in kiosk mode (full screen, no title
 * bar, the desktop and taskbar out of reach) so the cashier sees nothing but PerkDesk.
 */
export const COUNTER_MODES = ['window', 'maximized', 'kiosk'] as const;
export type CounterMode = (typeof COUNTER_MODES)[number];

/** Settings owned by the Electron shell (src/main/window.ts applies them). */
export const shellSettingsSchema = z.strictObject({
  counterMode: z.enum(COUNTER_MODES).default('window'),
});

export type ShellSettings = z.output<typeof shellSettingsSchema>;

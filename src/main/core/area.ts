import type { MemberDataSection } from './context';
import type { AllHandlers } from './handler-types';
import type { StartupCheck } from './startup-checks';

export type { MemberDataSection };

/**
 * Everything an area adds to the core, in one value: its channels' handlers, its
 * start-up checks, the extra checks of the daily chores, and its section of a member's
 * data export. `areas.ts` lists every module in one place; nothing registers itself by
 * being imported.
 */
export interface AreaModule<H extends Partial<AllHandlers> = Partial<AllHandlers>> {
  name: string;
  handlers: H;
  startupChecks?: readonly StartupCheck[];
  /** Run by the daily chores after every area's start-up checks (a full check where start-up samples). */
  dailyChecks?: readonly StartupCheck[];
  memberData?: MemberDataSection;
}

/** Keeps the handler map's precise type, so `areas.ts` can check every channel has one. */
export function defineArea<H extends Partial<AllHandlers>>(area: AreaModule<H>): AreaModule<H> {
  return area;
}

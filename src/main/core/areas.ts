import type { AreaModule, MemberDataSection } from './area';
import type { AllHandlers } from './handler-types';
import type { StartupCheck } from './startup-checks';
import { staffArea } from './staff/staff-handlers';
import { auditArea } from './audit/handlers';
import { settingsArea } from './settings/handlers';
import { membersArea } from './members/handlers';
import { pointsArea } from './points/handlers';
import { rewardsArea } from './rewards/handlers';
import { offlineArea } from './offline/handlers';
import { reportsArea } from './reports/handlers';
import { syncArea } from './sync/handlers';

/**
 * Every area of the core, in one place: its handlers, its start-up and daily checks,
 * its part of a member's data export. Adding an area means adding it here; nothing
 * registers itself by being imported.
 */
export const AREAS: readonly AreaModule[] = [
  staffArea,
  auditArea,
  settingsArea,
  membersArea,
  pointsArea,
  rewardsArea,
  offlineArea,
  reportsArea,
  syncArea,
];

/** Every channel's handler; the type makes a missing one a compile error. */
export const handlers: AllHandlers = {
  ...staffArea.handlers,
  ...auditArea.handlers,
  ...settingsArea.handlers,
  ...membersArea.handlers,
  ...pointsArea.handlers,
  ...rewardsArea.handlers,
  ...offlineArea.handlers,
  ...reportsArea.handlers,
  ...syncArea.handlers,
};

export interface CoreParts {
  handlers: AllHandlers;
  startupChecks: StartupCheck[];
  /** The daily chores: every start-up check (less those a daily one supersedes), then the areas' daily extras. */
  dailyChecks: StartupCheck[];
  memberData: ReadonlyMap<string, MemberDataSection>;
}

/** What the core is made of, from a list of areas (tests may add one). */
export function coreParts(areas: readonly AreaModule[] = AREAS): CoreParts {
  const startupChecks = areas.flatMap((a) => a.startupChecks ?? []);
  const daily = areas.flatMap((a) => a.dailyChecks ?? []);
  const superseded = new Set(daily.flatMap((c) => (c.supersedes ? [c.supersedes] : [])));
  const memberData = new Map<string, MemberDataSection>();
  for (const a of areas) if (a.memberData) memberData.set(a.name, a.memberData);
  return {
    handlers: areas === AREAS ? handlers : (Object.assign({}, ...areas.map((a) => a.handlers)) as AllHandlers),
    startupChecks,
    dailyChecks: [...startupChecks.filter((c) => !superseded.has(c.name)), ...daily],
    memberData,
  };
}

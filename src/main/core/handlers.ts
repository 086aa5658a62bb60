import type { AllHandlers } from './handler-types';
import { authHandlers } from './staff/auth-handlers';
import { staffHandlers } from './staff/staff-handlers';
import { auditHandlers } from './audit/handlers';
import { settingsHandlers } from './settings/handlers';
import { membersHandlers } from './members/handlers';
import { pointsHandlers } from './points/handlers';
import { rewardsHandlers } from './rewards/handlers';
import { offlineHandlers } from './offline/handlers';
import { reportsHandlers } from './reports/handlers';

/** Every channel's handler; the type makes a missing one a compile error. */
export const handlers: AllHandlers = {
  ...authHandlers,
  ...staffHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...membersHandlers,
  ...pointsHandlers,
  ...rewardsHandlers,
  ...offlineHandlers,
  ...reportsHandlers,
};

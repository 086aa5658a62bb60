import { channel } from './define';
import { empty } from './common';
import { MANAGER_UP } from '../roles';
import { settingsPatchSchema, type Settings } from '../settings';

export const settingsContract = {
  'settings:get': channel<Settings>()({ input: empty, access: 'signedIn' }),
  /** Partial update; every change is validated, recorded with who/when, and audited. */
  'settings:update': channel<Settings>()({ input: settingsPatchSchema, access: MANAGER_UP }),
};

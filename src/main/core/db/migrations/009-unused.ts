import type { Migration } from '../migration';

/**
 * Version 9 changes nothing. The number was handed to the counter work, which needed no
 * schema change (its "unusually large amount" is a setting); `migrate` wants consecutive
 * versions, and 010–012 had already been written and tested under their numbers. A real
 * step can never take this number later: the next migration is 013.
 */
export const m009Unused: Migration = {
  version: 9,
  name: '009-unused',
  up() {},
};

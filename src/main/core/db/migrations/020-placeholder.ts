import type { Migration } from '../migration';

/**
 * Placeholder for version 20, reserved by another branch: versions are consecutive, so
 * 021 needs a 020 to run. Does nothing; replace it with the real 020 when that is merged.
 */
export const m020Placeholder: Migration = {
  version: 20,
  name: '020-placeholder',
  up() {},
};

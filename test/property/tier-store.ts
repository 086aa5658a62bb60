import fc from 'fast-check';
import { makeStaffedCore } from '../helpers/core';
import { DEFAULT_RULES } from '../core/points/points-helpers';
import type { Tier } from '../../src/shared/contract/points';

/**
 * Shared by the tier distribution properties (month totals, tier-distribution.test.ts; the
 * maintained rolling spend, tier-spend.test.ts): the same waits, tiers and store, so the two
 * paths are checked against the scan on the same kind of history.
 */
export const DAY = 86_400_000;

// Waits from seconds to ~40 days: purchases and refunds spread over several UTC months,
// so the window's edges fall inside months and on either side of their middle.
export const wait = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 3 * DAY }),
  fc.integer({ min: 0, max: 40 * DAY }),
);

// A threshold-0 base tier or none; thresholds near the purchases' sizes, so members move.
export const tiersArb = fc.constantFrom<Tier[]>(
  [
    { name: 'Silver', thresholdMinor: 20_000, multiplierPercent: 120 },
    { name: 'Gold', thresholdMinor: 80_000, multiplierPercent: 150 },
  ],
  [
    { name: 'Bronze', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 50_000, multiplierPercent: 150 },
  ],
  [{ name: 'Club', thresholdMinor: 1, multiplierPercent: 110 }],
);

/**
 * A store with these tiers over a window of `months`, points payable in full, no approval
 * in the way and no idle lock within a run; `saveWindow` saves the rules with another window.
 */
export async function tieredStore(tiers: readonly Tier[], months: number) {
  const { core, tokens } = await makeStaffedCore();
  const saveWindow = (tierWindowMonths: number) =>
    core.ok(
      'points:saveRules',
      {
        rules: {
          ...DEFAULT_RULES,
          tiers: tiers.map((t) => ({ ...t })),
          tierWindowMonths,
          payWithPointsAllowed: true,
          payWithPointsMaxPercent: 100,
        },
      },
      tokens.manager,
    );
  await saveWindow(months);
  await core.ok(
    'settings:update',
    { approvalAwardOverMinor: 1_000_000_000_00, approvalAwardOverPoints: 1_000_000_000, idleLockMinutes: 240 },
    tokens.manager,
  );
  return { core, tokens, saveWindow };
}

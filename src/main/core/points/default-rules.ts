import type { RuleSet } from '../../../shared/contract/points';

/**
 * Rule set version 1 (written by migration 003): 1 pt per ¥1 rounded down, 1 pt = ¥0.01,
 * no pay-with-points, no expiry, no PIN, claw back to a negative balance. Changing this
 * object never changes a shipped database: later versions are saved by managers.
 */
export const DEFAULT_RULES: RuleSet = {
  earnRate: { points: 1, perMinor: 100 },
  rounding: 'down',
  minSpendMinor: 0,
  redeemValue: { minor: 1, perPoints: 1 },
  payWithPointsAllowed: false,
  payWithPointsMaxPercent: 100,
  expiryMonths: 0,
  redeemRequiresPin: false,
  refundPolicy: 'clawBackNegative',
  tierWindowMonths: 12,
  tiers: [],
  categoryMultipliers: [],
  skuMultipliers: [],
  promotions: [],
};

import type { RfmSegment } from '../../../shared/contract/reports';

/**
 * RFM segments, deliberately simple so a cashier can explain them to a member and a
 * manager can check them by hand. Inputs: R = days since the last purchase, F =
 * purchases in the last 365 days, plus days since the first purchase (or since
 * registration when there is none). M (365-day spend) is shown next to the segment but
 * does not decide it: across stores and currencies, visit patterns travel better than
 * amounts, and no threshold in money has to be configured.
 *
 * Thresholds, checked in this order (first match wins):
 *   new        first purchase ≤ 30 days ago and F ≤ 3, or no purchase and registered ≤ 90 days ago
 *   champion   R ≤ 30  and F ≥ 10   (recent, about monthly or more)
 *   loyal      R ≤ 60  and F ≥ 4    (recent, regular)
 *   atRisk     R ≤ 180 and F ≥ 4    (was regular, not seen for 2–6 months)
 *   lapsed     R > 180, or no purchase and registered > 90 days ago
 *   occasional everyone else (seen in the last 6 months, but fewer than 4 visits a year)
 */
export const RFM_THRESHOLDS = {
  newWithinDays: 30,
  newMaxPurchases: 3,
  newMemberNoPurchaseDays: 90,
  championRecencyDays: 30,
  championMinPurchases: 10,
  loyalRecencyDays: 60,
  loyalMinPurchases: 4,
  atRiskRecencyDays: 180,
  atRiskMinPurchases: 4,
} as const;

export interface RfmInput {
  recencyDays: number | null;
  frequency: number;
  /** Days since the first purchase ever (null if none). */
  firstPurchaseDays: number | null;
  registeredDays: number;
}

export function rfmSegment(i: RfmInput): RfmSegment {
  const t = RFM_THRESHOLDS;
  if (i.recencyDays === null) return i.registeredDays <= t.newMemberNoPurchaseDays ? 'new' : 'lapsed';
  if (i.firstPurchaseDays !== null && i.firstPurchaseDays <= t.newWithinDays && i.frequency <= t.newMaxPurchases) {
    return 'new';
  }
  if (i.recencyDays <= t.championRecencyDays && i.frequency >= t.championMinPurchases) return 'champion';
  if (i.recencyDays <= t.loyalRecencyDays && i.frequency >= t.loyalMinPurchases) return 'loyal';
  if (i.recencyDays <= t.atRiskRecencyDays && i.frequency >= t.atRiskMinPurchases) return 'atRisk';
  if (i.recencyDays > t.atRiskRecencyDays) return 'lapsed';
  return 'occasional';
}

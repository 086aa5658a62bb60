import type { ReadDb } from '../db/open-database';
import { AppError } from '../errors';
import { readSettings } from '../settings/settings-store';
import { ruleSetAt } from '../points/rules-repo';
import { outstandingPoints } from '../points/report-queries';
import type { LiabilityDto } from '../../../shared/contract/reports';
import { unchecked, type Minor, type Points } from '../../../shared/units';

/**
 * Liability = outstanding points × b, in money. b is the redeem value in force now
 * (`minor` minor units per `perPoints` points). BigInt all the way: 10^9 points × 10^6
 * minor would pass 2^53. Rounded down: the store owes what a member could actually get,
 * and a member can never redeem a fraction of a minor unit.
 */
export function liabilityOf(outstandingPoints: Points, redeemValue: { minor: number; perPoints: number }): Minor {
  const exact = (BigInt(outstandingPoints) * BigInt(redeemValue.minor)) / BigInt(redeemValue.perPoints);
  // Beyond 2^53 a JS number would silently round: refuse rather than show a wrong figure.
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) throw new AppError('INTERNAL', 'Liability is too large to show exactly');
  return unchecked.minor(Number(exact)); // range checked just above
}

export function liabilityNow(db: ReadDb, now: number): LiabilityDto {
  const row = outstandingPoints(db);
  const { redeemValue } = ruleSetAt(db, now).rules;
  const s = readSettings(db);
  return {
    outstandingPoints: row.points,
    redeemValue: { minor: redeemValue.minor, perPoints: redeemValue.perPoints },
    liabilityMinor: liabilityOf(row.points, redeemValue),
    membersWithPoints: row.members,
    currency: s.currency,
    currencyMinorUnits: s.currencyMinorUnits,
  };
}

import type { RuleSet } from '../../../shared/contract/points';
import { addMonths } from './exact-math';
import { addLocalMonths, daysInMonth, localDayOf, startOfLocalDay, type LocalDay } from './local-days';

/**
 * When points earned at `earnedAt` under `rules` stop being spendable (the lot's
 * `expires_at`, exclusive: expired when now ≥ it), or null for never.
 *
 * With an `expiry` policy (migration 010) the expiry DATE is a day in the store's time
 * zone and the lot is good through the whole of it: `expires_at` is the first moment of
 * the next local day. Worked examples, store in Asia/Shanghai, earned 2026-01-31 15:00:
 *   days 30     → expiry date 2026-03-02, gone from 2026-03-03 00:00 local
 *   months 1    → 2026-02-28 (clamped), gone from 2026-03-01 00:00
 *   endOfMonth  → 2026-01-31, gone from 2026-02-01 00:00
 *   endOfYear   → 2026-12-31, gone from 2027-01-01 00:00
 * Without one (every rule set saved before 010), exactly what it always meant:
 * `expiryMonths` months after the moment of earning (UTC calendar), 0 = never.
 */
export function lotExpiry(rules: RuleSet, earnedAt: number, timeZone: string): number | null {
  const e = rules.expiry;
  if (!e) return rules.expiryMonths > 0 ? addMonths(earnedAt, rules.expiryMonths) : null;
  const last = expiryDate(e, localDayOf(earnedAt, timeZone));
  return last === null ? null : startOfLocalDay({ ...last, day: last.day + 1 }, timeZone);
}

/** The last local day on which the points can be spent. */
export function expiryDate(e: NonNullable<RuleSet['expiry']>, earned: LocalDay): LocalDay | null {
  switch (e.kind) {
    case 'never':
      return null;
    case 'days': {
      const d = new Date(Date.UTC(earned.year, earned.month - 1, earned.day + (e.count ?? 0)));
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
    case 'months':
      return addLocalMonths(earned, e.count ?? 0);
    case 'endOfMonth':
      return { year: earned.year, month: earned.month, day: daysInMonth(earned.year, earned.month) };
    case 'endOfYear':
      return { year: earned.year, month: 12, day: 31 };
  }
}

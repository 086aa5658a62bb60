import { z } from 'zod';
import { line } from '../contract/common';
import { SUPPORTED_LOCALES } from '../locales';

/**
 * Settings owned by the foundation. Every settings group is a zod object whose
 * fields all have defaults, so a fresh database reads a complete, valid value.
 */
export { SUPPORTED_LOCALES };

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const generalSettingsSchema = z.strictObject({
  storeName: line(80).default('PerkDesk Store'),
  /** ISO 4217 code; minorUnits is how many decimal places it has (CNY/USD 2, JPY 0). */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. CNY')
    .default('CNY'),
  currencyMinorUnits: z.number().int().min(0).max(3).default(2),
  locale: z.enum(SUPPORTED_LOCALES).default('en'),
  idleLockMinutes: z.number().int().min(1).max(240).default(5),
  /**
   * The store's IANA time zone (e.g. Asia/Shanghai) for calendar days: points expire at
   * the end of a day in this zone. '' = this machine's zone.
   */
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => tz === '' || validTimeZone(tz), { message: 'unknown time zone', params: { rule: 'timeZone' } })
    .default(''),
});

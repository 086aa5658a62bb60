import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';

/** Settings owned by the members area (issue 3). */
export const membersSettingsSchema = z.strictObject({
  /**
   * ISO 3166 alpha-2 country used to read phone numbers typed without a country code
   * (a cashier in Shanghai types 138 1234 5678, not +86 138 1234 5678).
   */
  memberPhoneCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'two-letter country code, e.g. CN')
    .refine((c) => isSupportedCountry(c), { message: 'unknown country code' })
    .default('CN'),
});

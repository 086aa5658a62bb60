import { z } from 'zod';

/**
 * Settings of the counter screen (renderer features/points, features/rewards). Stored like
 * every other key (one settings row, JSON value, no migration needed).
 */
export const counterSettingsSchema = z.strictObject({
  /**
   * An award amount above this (integer minor units of the store currency) asks the
   * cashier to confirm before it is recorded: "12,50" typed for 12.50, or a missing dot,
   * shows up as an unusually large bill. 200000 = 2,000.00 in a 2-decimal currency; 0 turns
   * the question off.
   */
  largeAmountMinor: z.number().int().min(0).max(100_000_000_000).default(200_000),
});

export type CounterSettings = z.output<typeof counterSettingsSchema>;

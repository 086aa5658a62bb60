import { z } from 'zod';

/**
 * Settings of chain mode (issue 12), read only by an enrolled terminal. Stored like every
 * other key (one settings row, JSON value, no migration needed).
 */
export const chainSettingsSchema = z.strictObject({
  /**
   * While head office cannot be reached, the most points one member may spend at this
   * terminal in one outage (redemptions and paying with points together). Above it the
   * counter answers "needs a connection". It bounds what offline spending can overdraw:
   * at most this × the terminals offline × the members they serve (README, Head office).
   * 0 allows no offline spending at all.
   */
  chainOfflineAllowancePoints: z.number().int().min(0).max(1_000_000).default(500),
});

export type ChainSettings = z.output<typeof chainSettingsSchema>;

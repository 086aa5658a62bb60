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
  /**
   * While online, opening a member at the counter reserves up to this many of the member's
   * points at head office for this terminal (a hold, sync/holds.ts), so that an outage
   * starting mid-visit still lets the member spend them here: offline the member may spend
   * max(what is left of the allowance, what is left of the hold). 0 (the default) takes no
   * holds: a hold takes those points away from every other store of the chain until it is
   * spent, released or expires, so a chain turns it on where its links are unreliable.
   */
  chainHoldPoints: z.number().int().min(0).max(1_000_000).default(0),
  /** How long a hold lasts at head office before it expires and its points are free again. */
  chainHoldMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(240),
});

export type ChainSettings = z.output<typeof chainSettingsSchema>;

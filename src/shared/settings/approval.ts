import { z } from 'zod';

/**
 * Manager approval policies (staff controls, issue 10): when a cashier's action crosses
 * one of these, the same screen asks a manager or owner for their password and the
 * action runs once, bound to that approval (core/approval-step.ts). Managers and owners
 * are never asked: their own action is the approval. A member PIN reset by a cashier
 * always needs one (not a setting); adjust and clear are manager-only (the role matrix).
 */
export const approvalSettingsSchema = z.strictObject({
  /** An award on a purchase above this total (minor units: 200000 = 2,000.00). */
  approvalAwardOverMinor: z.number().int().min(1).max(1_000_000_000_00).default(200_000),
  /** An award earning more than this many points. */
  approvalAwardOverPoints: z.number().int().min(1).max(1_000_000_000).default(5_000),
  /**
   * Voiding a redemption, or refunding a purchase paid with points (points go back to
   * the member), made longer ago than this many minutes…
   */
  approvalReverseAfterMinutes: z.number().int().min(1).max(10_080).default(30),
  /** …or made by another staff member. */
  approvalReverseOthers: z.boolean().default(true),
  /**
   * A cashier's "Show contact" (members:revealContact) needs a manager each time. Off by
   * default: the cashier may reveal one member at a time, each audited, at most
   * CONTACT_REVEALS_PER_HOUR an hour (members/reveal-contact.ts).
   */
  approvalContactReveal: z.boolean().default(false),
  /**
   * A manual negative adjustment may take a balance below zero (issue 11 item 8): off by
   * default (refused `belowZero`); on, it needs another manager's or the owner's approval.
   */
  adjustBelowZeroAllowed: z.boolean().default(false),
});

export type ApprovalPolicies = z.output<typeof approvalSettingsSchema>;

import type { ApprovalCall, ApprovalNeed } from './define';

/**
 * The approval rules the channels declare (their `approval` slot), read from the
 * approval settings (settings/approval.ts). Pure functions of what the handler saw:
 * the dispatcher asks them after the handler, inside its transaction.
 */

/** An award above the amount limit or earning more than the points limit. */
export function awardApproval(
  o: { totalMinor: number; pointsEarned: number; receiptNo: string },
  { policies }: ApprovalCall<unknown>,
): ApprovalNeed | null {
  const overMinor = o.totalMinor > policies.approvalAwardOverMinor;
  const overPoints = o.pointsEarned > policies.approvalAwardOverPoints;
  if (!overMinor && !overPoints) return null;
  return {
    policy: 'awardLimit',
    facts: {
      receiptNo: o.receiptNo,
      totalMinor: o.totalMinor,
      pointsEarned: o.pointsEarned,
      limitMinor: policies.approvalAwardOverMinor,
      limitPoints: policies.approvalAwardOverPoints,
    },
  };
}

/**
 * Reversing what a cashier did earlier (voiding a redemption, refunding a purchase paid
 * with points): the "redeem → hand over the goods → void" loop. Older than the limit, or
 * made by another staff member (when the store says so), needs a manager.
 */
export function reverseApproval(
  made: { at: number; by: string | null; points: number },
  call: ApprovalCall<unknown>,
): ApprovalNeed | null {
  const { policies, now, actor } = call;
  const minutes = Math.floor((now - made.at) / 60_000);
  const facts = { points: made.points, ageMinutes: minutes, limitMinutes: policies.approvalReverseAfterMinutes };
  if (now - made.at > policies.approvalReverseAfterMinutes * 60_000) return { policy: 'reverseOld', facts };
  if (policies.approvalReverseOthers && made.by !== actor.staffId) return { policy: 'reverseOthers', facts };
  return null;
}

/** A member PIN reset by a cashier: always (the identity proof is what the counter shows). */
export function pinResetApproval(): ApprovalNeed {
  return { policy: 'pinReset', facts: {} };
}

/** A cashier's "Show contact", when the store says a manager must approve each one. */
export function contactRevealApproval({ policies }: ApprovalCall<unknown>): ApprovalNeed | null {
  return policies.approvalContactReveal ? { policy: 'contactReveal', facts: {} } : null;
}

/**
 * A manual negative adjustment that leaves the balance below zero (issue 11 item 8;
 * only reachable when the setting `adjustBelowZeroAllowed` is on): a manager's own call
 * is asked too (`alsoManagers`), so another manager or the owner approves it.
 */
export function adjustBelowZeroApproval(
  i: { points: number; reason: string },
  o: { balanceAfter: number },
): ApprovalNeed | null {
  if (i.points >= 0 || o.balanceAfter >= 0) return null;
  return {
    policy: 'adjustBelowZero',
    alsoManagers: true,
    facts: { points: i.points, balanceAfter: o.balanceAfter, reason: i.reason },
  };
}

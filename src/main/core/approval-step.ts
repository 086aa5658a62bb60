import type { ApprovalSpec } from '../../shared/contract/define';
import type { Settings } from '../../shared/settings';
import { refusal } from './errors';
import { payloadHash } from './operations';
import type { ApprovalRequest } from './staff/approvals';
import type { Session, SessionStore } from './staff/sessions';

/**
 * Pipeline step 6b, manager approval (the contract's `approval` slot). It runs inside a
 * write's IMMEDIATE transaction, after the handler: the facts a policy reads — the
 * points an award earns, who made a redemption and when — are known only there, and a
 * refusal rolls the handler's writes back with everything else.
 *
 * - a manager's or owner's own call is never asked (their action is the approval) —
 *   except a manager's under a policy with `alsoManagers` (a below-zero adjustment):
 *   another manager or the owner approves it (an owner's call is never asked);
 * - a cashier's call that crosses a policy and carries no approval is refused
 *   `approvalRequired` with a request id, the policy and its figures; the request is
 *   kept beside the cashier's session (staff/approvals.ts);
 * - `staff:approve` (a manager's or owner's password, typed on the same screen) grants
 *   that request for two minutes; the session stays the cashier's;
 * - the same operation sent again (same channel, op id and payload hash, same session)
 *   finds the grant and uses it up; any other payload, session or a second use does not.
 */
export interface ApprovalStepInput {
  channel: string;
  approval: ApprovalSpec<unknown, unknown, unknown>;
  session: Session | null;
  sessions: SessionStore;
  input: unknown;
  output: unknown;
  notes: unknown;
  settings: Settings;
  now: number;
}

/** An approval this call used: `undo` gives it back when the transaction does not commit. */
export interface UsedApproval {
  request: ApprovalRequest;
  undo(): void;
}

const opIdOf = (input: unknown): string | null => {
  const v = (input as { opId?: unknown } | null)?.opId;
  return typeof v === 'string' ? v : null;
};

export function approvalStep(a: ApprovalStepInput): UsedApproval | null {
  const { session } = a;
  if (!session || session.role === 'owner') return null;
  const need = a.approval.needed(a.input, a.output, {
    notes: a.notes,
    actor: { staffId: session.staffId },
    policies: a.settings,
    now: a.now,
  });
  if (need === null) return null;
  // Managers are asked only by a policy that says so (a below-zero adjustment).
  if (session.role !== 'cashier' && !need.alsoManagers) return null;
  const opId = opIdOf(a.input);
  const hash = payloadHash(a.channel, a.input as Record<string, unknown>);
  const store = a.sessions.approvals;
  const granted = store.usable(session.token, a.channel, opId, hash, a.now);
  if (granted) {
    granted.usedAt = a.now;
    return { request: granted, undo: () => void (granted.usedAt = null) };
  }
  const request = store.request(
    {
      token: session.token,
      requesterId: session.staffId,
      requesterUsername: session.username,
      channel: a.channel,
      opId,
      payloadHash: hash,
      need,
    },
    a.now,
  );
  throw refusal('approvalRequired', { requestId: request.id, policy: need.policy, facts: need.facts });
}

import { randomBytes } from 'node:crypto';
import type { ApprovalNeed } from '../../../shared/contract/define';

/** A manager's approval is good for two minutes after it is given… */
export const APPROVAL_TTL_MS = 2 * 60_000;
/** …and a request waits at most ten for a manager to come to the counter. */
export const REQUEST_TTL_MS = 10 * 60_000;

export interface ApprovalGrant {
  approverId: string;
  approverUsername: string;
  approvedAt: number;
  expiresAt: number;
}

/**
 * One operation a cashier's session was refused for want of a manager's approval.
 * It is bound to that session and that one operation (channel, op id, payload hash):
 * the approval, once given, lets exactly that call through once.
 */
export interface ApprovalRequest {
  id: string;
  token: string;
  requesterId: string;
  requesterUsername: string;
  channel: string;
  opId: string | null;
  payloadHash: string;
  need: ApprovalNeed;
  requestedAt: number;
  grant: ApprovalGrant | null;
  usedAt: number | null;
}

/**
 * Pending and granted approvals live in main's memory beside the sessions they belong
 * to (a restart, a sign-out or a deactivation drops them), never in the renderer: the
 * renderer only ever holds the request id, which is useless from another session.
 */
export class ApprovalStore {
  private readonly byId = new Map<string, ApprovalRequest>();

  request(fields: Omit<ApprovalRequest, 'id' | 'grant' | 'usedAt' | 'requestedAt'>, now: number): ApprovalRequest {
    this.prune(now);
    const r: ApprovalRequest = {
      ...fields,
      id: randomBytes(24).toString('base64url'),
      requestedAt: now,
      grant: null,
      usedAt: null,
    };
    this.byId.set(r.id, r);
    return r;
  }

  /** A request this session may still have approved (not used, not stale). */
  pending(id: string, token: string, now: number): ApprovalRequest | null {
    const r = this.byId.get(id);
    if (!r || r.token !== token || r.usedAt !== null) return null;
    if (now - r.requestedAt > REQUEST_TTL_MS) return null;
    if (r.grant && r.grant.expiresAt <= now) return null;
    return r;
  }

  /** The granted, unused, unexpired approval for exactly this operation of this session. */
  usable(
    token: string,
    channel: string,
    opId: string | null,
    payloadHash: string,
    now: number,
  ): ApprovalRequest | null {
    for (const r of this.byId.values()) {
      if (r.token !== token || r.channel !== channel || r.opId !== opId || r.payloadHash !== payloadHash) continue;
      if (r.usedAt === null && r.grant && r.grant.expiresAt > now) return r;
    }
    return null;
  }

  /** Every request of a session that ended. */
  dropFor(token: string): void {
    for (const [id, r] of this.byId) if (r.token === token) this.byId.delete(id);
  }

  prune(now: number): void {
    for (const [id, r] of this.byId) {
      const stale = r.usedAt !== null || now - r.requestedAt > REQUEST_TTL_MS || (r.grant && r.grant.expiresAt <= now);
      if (stale) this.byId.delete(id);
    }
  }

  size(): number {
    return this.byId.size;
  }
}

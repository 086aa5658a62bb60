import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/roles';
import { ApprovalStore } from './approvals';
import { UnknownNameThrottle } from './password-check';

export interface Session {
  token: string;
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  createdAt: number;
  lastActivityAt: number;
  locked: boolean;
  /**
   * Wrong passwords at this session's lock screen, and its own back-off: the account's
   * sign-in back-off never blocks the holder of an open session from unlocking it.
   */
  unlockFailures: number;
  unlockBlockedUntil: number;
}

/**
 * Sessions live only in main's memory: a restart signs everyone out, and the renderer
 * never holds more than the opaque token.
 */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  /** Managers' approvals of cashiers' operations, bound to these sessions (approvals.ts). */
  readonly approvals = new ApprovalStore();
  /** Sign-in failures for user names that are no account (password-check.ts). */
  readonly unknownNames = new UnknownNameThrottle();

  create(staff: { id: string; username: string; displayName: string; role: Role }, now: number): Session {
    const token = randomBytes(32).toString('base64url');
    const s: Session = {
      token,
      staffId: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      createdAt: now,
      lastActivityAt: now,
      locked: false,
      unlockFailures: 0,
      unlockBlockedUntil: 0,
    };
    this.byToken.set(token, s);
    return s;
  }

  get(token: unknown): Session | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 100) return null;
    return this.byToken.get(token) ?? null;
  }

  end(token: string): void {
    this.byToken.delete(token);
    this.approvals.dropFor(token);
  }

  /** Deactivating a staff member ends every session they have, on every window. */
  endAllFor(staffId: string): number {
    let n = 0;
    for (const [token, s] of this.byToken) {
      if (s.staffId === staffId) {
        this.byToken.delete(token);
        this.approvals.dropFor(token);
        n++;
      }
    }
    return n;
  }

  /** A password change ends every other session of that staff member (not this one). */
  endOthersFor(staffId: string, keepToken: string): number {
    let n = 0;
    for (const [token, s] of this.byToken) {
      if (s.staffId === staffId && token !== keepToken) {
        this.byToken.delete(token);
        this.approvals.dropFor(token);
        n++;
      }
    }
    return n;
  }

  /**
   * Main enforces the idle lock too, so a renderer whose timer was tampered with or
   * frozen still cannot act after the idle period.
   */
  applyIdleLock(s: Session, now: number, idleMinutes: number): void {
    if (!s.locked && now - s.lastActivityAt > idleMinutes * 60_000) s.locked = true;
  }

  count(): number {
    return this.byToken.size;
  }
}

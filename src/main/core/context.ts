import type { Db } from './db/open-database';
import type { Role } from '../../shared/roles';
import type { Settings } from '../../shared/settings';
import type { SessionStore } from './staff/sessions';

/** The signed-in staff member a call is made for (resolved from the opaque token). */
export interface Actor {
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  token: string;
}

/** Options that make the core testable: a clock, a terminal id, a bcrypt cost. */
export interface CoreConfig {
  dbPath: string;
  now: () => number;
  bcryptCost: number;
  /** Folder for automatic backups (pre-migration, scheduled, pre-restore). */
  backupDir: string;
}

/**
 * What every handler receives. Handlers never open connections or read the clock
 * themselves: everything comes through here so tests can control it.
 */
export interface HandlerContext {
  db: Db;
  now(): number;
  terminalId: string;
  actor: Actor | null;
  /** The actor, or an UNAUTHENTICATED error for public channels that need one. */
  requireActor(): Actor;
  /**
   * Append to the audit log in this transaction. `as` names the actor when the call has
   * no session yet (a successful sign-in is the staff member's own act).
   */
  audit(
    action: string,
    target?: string | null,
    details?: Record<string, unknown>,
    as?: { staffId: string; username: string },
  ): void;
  settings(): Settings;
  sessions: SessionStore;
  config: CoreConfig;
}

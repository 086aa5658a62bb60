import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import type { StaffDto } from '../../../shared/contract';
import type { Role } from '../../../shared/roles';

export interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: number;
  created_at: number;
  updated_at: number;
}

export function toStaffDto(r: StaffRow): StaffDto {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

export function findStaffByUsername(db: ReadDb, username: string): StaffRow | undefined {
  return db.prepare('SELECT * FROM staff WHERE username = ?').get(username) as StaffRow | undefined;
}

export function findStaffById(db: ReadDb, id: string): StaffRow | undefined {
  return db.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
}

export function countStaff(db: ReadDb): number {
  return (db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
}

/** For other areas (the owner's audit-key replacement, keys/replace-key.ts): an active owner by user name. */
export function findActiveOwner(db: ReadDb, username: string): StaffRow | undefined {
  return db.prepare("SELECT * FROM staff WHERE username = ? AND role = 'owner' AND active = 1").get(username) as
    StaffRow | undefined;
}

/** Sign-in's failure counter and back-off, for a check of a staff password outside sign-in. */
export function setFailedAttempts(db: Db, staffId: string, failedAttempts: number, lockedUntil: number): void {
  db.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(
    failedAttempts,
    lockedUntil,
    staffId,
  );
}

/** For other areas (a restore ends the sessions of staff it removed): every staff id. */
export function allStaffIds(db: ReadDb): string[] {
  return db.prepare('SELECT id FROM staff').pluck().all() as string[];
}

/** For other areas: is this an active owner (the restoring owner stays signed in if so)? */
export function isActiveOwner(db: ReadDb, staffId: string): boolean {
  return db.prepare("SELECT 1 FROM staff WHERE id = ? AND role = 'owner' AND active = 1").get(staffId) !== undefined;
}

/** For other areas (a ledger entry shows who made it): display names by staff id. */
export function staffDisplayNames(db: ReadDb, ids: readonly (string | null)[]): Map<string, string> {
  const out = new Map<string, string>();
  const one = stmt(db, 'SELECT display_name FROM staff WHERE id = ?').pluck();
  for (const id of new Set(ids)) {
    if (id === null) continue;
    const name = one.get(id) as string | undefined;
    if (name !== undefined) out.set(id, name);
  }
  return out;
}

import type { ReadDb } from '../db/open-database';
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

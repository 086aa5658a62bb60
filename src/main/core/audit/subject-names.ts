import type { ReadDb } from '../db/open-database';
import { memberLabels } from '../members/member-repo';
import { staffDisplayNames } from '../staff/staff-repo';

/**
 * Who did it (the staff member's display name; the record itself keeps the user name)
 * and who an audit record is about, by name, for the plain-language log: the staff member
 * or member its target names, else the member in its details (a refund's target is a
 * receipt, a void's a redemption). Read when listed, never stored: the log keeps ids,
 * so an erased member reads "(erased)" here while the record itself stays unchanged.
 * An erased member's label has no name; the card number stands in.
 */
export function subjectNames(
  db: ReadDb,
  rows: readonly { actorId: string | null; target: string | null; details: Record<string, unknown> }[],
): { staffName: string | null; subjectName: string | null }[] {
  const subjectOf = (r: (typeof rows)[number]) =>
    typeof r.details.memberId === 'string' ? r.details.memberId : r.target;
  const ids = rows.map(subjectOf).filter((id): id is string => id !== null);
  const staff = staffDisplayNames(db, [...ids, ...rows.map((r) => r.actorId)]);
  const members = memberLabels(db, ids);
  const nameOf = (id: string | null): string | null => {
    if (id === null) return null;
    const s = staff.get(id);
    if (s !== undefined) return s;
    const m = members.get(id);
    return m ? (m.name ?? m.cardNumber) : null;
  };
  return rows.map((r) => ({
    staffName: r.actorId === null ? null : (staff.get(r.actorId) ?? null),
    subjectName: nameOf(r.target !== null && staff.has(r.target) ? r.target : subjectOf(r)),
  }));
}

import type { ReadDb } from '../db/open-database';

/**
 * A user name's confusables skeleton (after Unicode TR39, for the characters user names
 * may hold: letters, digits, '.', '-', '_'): two names with the same skeleton look alike
 * on a screen or a receipt ("0wner" and "owner", "manny" and "rnanny", "Cathy" and
 * "cathy", "a.b" and "a_b"), so the second is refused — an audit log that names
 * "0wner" must never be read as the owner.
 */
const SINGLE: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '|': 'l',
  _: '.',
  '-': '.',
};

export function usernameSkeleton(username: string): string {
  return username
    .normalize('NFKC')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/[01i|_-]/g, (c) => SINGLE[c] ?? c)
    .replace(/\.+/g, '.')
    .replace(/^\.|\.$/g, '');
}

/** An existing user name that looks like `username` (another account), if any. */
export function lookalikeUsername(db: ReadDb, username: string): string | null {
  const skeleton = usernameSkeleton(username);
  const names = db.prepare('SELECT username FROM staff').pluck().all() as string[];
  return names.find((n) => n !== username && usernameSkeleton(n) === skeleton) ?? null;
}

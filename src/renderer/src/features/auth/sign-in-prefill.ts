/**
 * The user name the next sign-in screen starts with (issue 9 item 20): the owner just
 * created at first run signs in with only the password to type. Kept in memory only —
 * the terminal never remembers who signed in last.
 */
let pending: string | null = null;

export function prefillNextSignIn(username: string): void {
  pending = username;
}

/** The prefilled user name, once. */
export function takeSignInPrefill(): string | null {
  const u = pending;
  pending = null;
  return u;
}

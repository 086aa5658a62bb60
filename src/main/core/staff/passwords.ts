import bcrypt from 'bcryptjs';

/**
 * bcrypt via bcryptjs, synchronous on purpose: handlers run inside one SQLite
 * transaction, which cannot span an await. Cost 10 is ~85 ms here, acceptable at a
 * sign-in; the core refuses a lower cost outside tests.
 */
export function hashSecret(secret: string, cost: number): string {
  return bcrypt.hashSync(secret, cost);
}

export function verifySecret(secret: string, hash: string): boolean {
  return bcrypt.compareSync(secret, hash);
}

/** A hash of nothing in particular, compared against when the user does not exist so
 * that a wrong user name takes as long as a wrong password. */
let dummyHash: string | null = null;
export function burnVerifyTime(cost: number): void {
  dummyHash ??= bcrypt.hashSync('not-a-real-password', cost);
  bcrypt.compareSync('still-not-it', dummyHash);
}

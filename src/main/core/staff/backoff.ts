/**
 * Sign-in back-off. The first FREE_ATTEMPTS failures cost nothing; each failure after
 * that locks the account for a time that doubles, capped, so a guesser is slowed to a
 * crawl but an attacker can never lock the real user out for longer than the cap.
 */
export const FREE_ATTEMPTS = 5;
export const BASE_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 15 * 60_000;

export function backoffAfter(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  const steps = Math.min(failedAttempts - FREE_ATTEMPTS, 10);
  return Math.min(BASE_BACKOFF_MS * 2 ** steps, MAX_BACKOFF_MS);
}

import type { AppErrorBody } from '../../../shared/errors';

/**
 * What a call ends with when no answer came back (the store unreachable, the reply
 * lost on its way). Main may well have done the work: describeError says so
 * (`errors:common.noAnswer`), and a retry with the same operation id is safe.
 */
export const NO_ANSWER: AppErrorBody = {
  code: 'INTERNAL',
  message: 'PerkDesk could not reach its store',
  details: { reason: 'noAnswer' },
};

/** Milliseconds until a back-off ends, when the error is a sign-in back-off. */
export function retryAfterMs(error: AppErrorBody): number | null {
  const v = error.details?.retryAfterMs;
  return error.code === 'LOCKED' && typeof v === 'number' && v > 0 ? v : null;
}

import type { AppErrorBody } from '../../../shared/errors';

/** Milliseconds until a back-off ends, when the error is a sign-in back-off. */
export function retryAfterMs(error: AppErrorBody): number | null {
  const v = error.details?.retryAfterMs;
  return error.code === 'LOCKED' && typeof v === 'number' && v > 0 ? v : null;
}

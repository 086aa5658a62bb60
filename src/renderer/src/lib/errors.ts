import type { TFunction } from 'i18next';
import type { AppErrorBody } from '../../../shared/errors';

/**
 * One sentence for an error, in the staff member's language. The code picks the
 * translated lead; for VALIDATION/CONFLICT/NOT_FOUND the store's own message (which
 * names the field) follows, because it says what to fix.
 */
export function errorText(t: TFunction, error: AppErrorBody): string {
  // The store refuses every call while the owner restores a backup (core/write-gate.ts):
  // say so plainly wherever the refusal lands — the counter's award, a search, a save.
  if (error.details?.reason === 'restoreInProgress') return t('offline:restoreInProgress');
  const lead = t(`shell:errors.${error.code}`);
  if (error.code === 'VALIDATION' || error.code === 'CONFLICT' || error.code === 'NOT_FOUND') {
    return `${lead} ${error.message}`;
  }
  return lead;
}

/** Milliseconds until a back-off ends, when the error is a sign-in back-off. */
export function retryAfterMs(error: AppErrorBody): number | null {
  const v = error.details?.retryAfterMs;
  return error.code === 'LOCKED' && typeof v === 'number' && v > 0 ? v : null;
}

import type { TFunction } from 'i18next';
import type { AppErrorBody } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';

/**
 * One sentence for a points/rewards error that says what to do next, in the staff
 * member's language. The core tags its refusals with `details.reason` (duplicateReceipt,
 * insufficientPoints, pinWrong, overReturn, …) and the numbers that go with them
 * (balance, maxPoints, returnable, retryAfterMs); each reason has its own translated
 * sentence in the 'points' namespace. Anything else falls back to the shell's text.
 */
export function pointsErrorText(t: TFunction, error: AppErrorBody): string {
  const details = error.details ?? {};
  const reason = typeof details.reason === 'string' ? details.reason : null;
  const seconds =
    typeof details.retryAfterMs === 'number' ? Math.max(1, Math.ceil(details.retryAfterMs / 1000)) : undefined;
  if (reason && t(`points:errors.${reason}`, { defaultValue: '' }) !== '') {
    return t(`points:errors.${reason}`, { ...details, seconds });
  }
  if (error.code === 'CONFLICT' && typeof details.opId === 'string') return t('points:errors.opIdReused');
  if (error.code === 'INTERNAL') return t('points:errors.retry');
  return errorText(t, error);
}

/** Why a typed number was refused (see decimal-input.ts), as the hint under the field. */
export function inputProblemText(t: TFunction, reason: 'empty' | 'format' | 'tooPrecise' | 'tooLarge'): string {
  return t(`points:inputProblems.${reason}`);
}

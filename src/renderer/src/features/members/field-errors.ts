import type { TFunction } from 'i18next';
import type { AppErrorBody } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';

/**
 * Turns a store error into messages placed next to the fields they are about, in the
 * cashier's language. The core names the field and a reason (`details.field`,
 * `details.reason`); zod validation lists issue paths. Whatever cannot be placed on a
 * field becomes the form's general message. What the cashier typed is never cleared.
 */
export interface FormErrors {
  fields: Record<string, string>;
  general: string;
}

const PIN_FIELDS = new Set(['pin', 'oldPin', 'newPin']);

export function formErrors(t: TFunction, tShell: TFunction, error: AppErrorBody): FormErrors {
  const fields: Record<string, string> = {};
  const details = error.details ?? {};
  const field = typeof details.field === 'string' ? details.field : null;
  const reason = typeof details.reason === 'string' ? details.reason : null;
  const seconds =
    typeof details.retryAfterMs === 'number' ? Math.max(1, Math.ceil(details.retryAfterMs / 1000)) : undefined;

  if (reason) {
    const key = reason === 'duplicate' && field ? `duplicate_${field}` : reason;
    const message = t(`errorsByReason.${key}`, { seconds, defaultValue: error.message });
    if (field && field !== 'identity') fields[field] = message;
    else return { fields, general: message };
    return { fields, general: '' };
  }
  const issues = Array.isArray(details.issues) ? (details.issues as { path: string; message: string }[]) : [];
  for (const issue of issues) {
    const name = issue.path.split('.')[0];
    if (!name || fields[name]) continue;
    if (PIN_FIELDS.has(name)) fields[name] = t('errorsByReason.pinFormat');
    else if (/too big|at most|<=/i.test(issue.message)) fields[name] = t('errorsByReason.tooLong');
    else if (name === 'name' && /empty/.test(issue.message)) fields[name] = t('errorsByReason.nameRequired');
    else fields[name] = t('errorsByReason.invalid');
  }
  if (Object.keys(fields).length > 0) return { fields, general: '' };
  return { fields, general: errorText(tShell, error) };
}

export const NO_ERRORS: FormErrors = { fields: {}, general: '' };

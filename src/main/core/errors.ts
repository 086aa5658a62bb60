import type { AppErrorBody, ErrorCode } from '../../shared/errors';

/**
 * The only error a handler should throw on purpose. The dispatcher turns it into
 * `{ ok:false, error }`; anything else becomes INTERNAL (and is logged, never leaked).
 *
 * `keepWrites`: commit what the handler wrote before failing. Used where the failure
 * itself must leave a trace — a wrong password still counts an attempt and is audited.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly keepWrites: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    opts: { keepWrites?: boolean } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.keepWrites = opts.keepWrites ?? false;
  }

  toBody(): AppErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string, details?: Record<string, unknown>) =>
  new AppError('NOT_FOUND', `${what} not found`, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details);
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('VALIDATION', message, details);
export const forbidden = (message = 'Your role may not do this') => new AppError('FORBIDDEN', message);

import type { z } from 'zod';
import type { AppErrorBody, ErrorCode } from '../../shared/errors';
import type { ServiceContext } from '../context';
import { AppError } from '../errors';

/**
 * The dispatcher's envelope on HTTP: `{ ok:false, error:{ code, message, details } }`
 * with a status that mirrors the code (for proxies and logs; clients read the body).
 */
export const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 423,
  INTERNAL: 500,
};

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  return new AppError('VALIDATION', first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input', { issues });
}

/** An AppError as it is; anything else is INTERNAL, logged and never leaked. */
export function failure(
  ctx: ServiceContext,
  err: unknown,
): { status: number; body: { ok: false; error: AppErrorBody } } {
  if (err instanceof AppError) return { status: STATUS[err.code], body: { ok: false, error: err.toBody() } };
  ctx.log.error('internal error', err);
  return {
    status: 500,
    body: { ok: false, error: { code: 'INTERNAL', message: 'Head office failed; nothing was changed. Try again.' } },
  };
}

/**
 * The service speaks the terminal dispatcher's error envelope, so it throws the same
 * typed error: an AppError becomes `{ ok:false, error:{ code, message, details } }`, and
 * anything else is INTERNAL (logged, never leaked).
 */
export { AppError } from '../main/core/errors';
import { AppError } from '../main/core/errors';

// Head office's own error helpers: the terminal's core refuses only by declared reason
// (ctx.refuse), while the service still builds its errors by code and message.
export const notFound = (what: string, details?: Record<string, unknown>) =>
  new AppError('NOT_FOUND', `${what} not found`, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details);
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('VALIDATION', message, details);
export const forbidden = (message = 'Your role may not do this') => new AppError('FORBIDDEN', message);

export const unauthenticated = (message = 'Head office does not know this credential') =>
  new AppError('UNAUTHENTICATED', message);

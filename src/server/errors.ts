/**
 * The service speaks the terminal dispatcher's error envelope, so it throws the same
 * typed error: an AppError becomes `{ ok:false, error:{ code, message, details } }`, and
 * anything else is INTERNAL (logged, never leaked).
 */
export { AppError, conflict, forbidden, invalid, notFound } from '../main/core/errors';
import { AppError } from '../main/core/errors';

export const unauthenticated = (message = 'Head office does not know this credential') =>
  new AppError('UNAUTHENTICATED', message);

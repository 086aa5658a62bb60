import { expect } from 'vitest';
import type { AppErrorBody, ErrorCode, Result } from '../../src/shared/errors';

/** A refusal with a known code, as `expectError` leaves it. */
export type Refusal<C extends ErrorCode = ErrorCode> = { ok: false; error: AppErrorBody & { code: C } };

/**
 * Asserts that `result` is a refusal with this code and, when given, details that contain
 * these fields (as toMatchObject: other detail fields may be present), then narrows its
 * type so the test can read `result.error`. A failure names the whole result (the value of
 * an unexpected success, or the code, message and details of another error), which
 * toMatchObject's diff alone would leave out. `what` names the case in a loop.
 *
 *   expectError(r, 'CONFLICT', { reason: 'receiptUsed' });
 */
export function expectError<T, C extends ErrorCode>(
  result: Result<T>,
  code: C,
  details?: Record<string, unknown>,
  what?: string,
): asserts result is Result<T> & Refusal<C> {
  const error = details === undefined ? { code } : { code, details };
  expect(result, message(result, what)).toMatchObject({ ok: false, error });
}

/** Asserts success and narrows to it; a failure shows the whole error body. */
export function expectOk<T>(result: Result<T>, what?: string): asserts result is Result<T> & { ok: true; value: T } {
  expect(result, message(result, what)).toMatchObject({ ok: true });
}

const MAX_SHOWN = 2_000;

function message(result: Result<unknown>, what: string | undefined): string {
  const got = result.ok ? `ok ${JSON.stringify(result.value)}` : `${result.error.code} ${JSON.stringify(result.error)}`;
  const shown = got.length > MAX_SHOWN ? `${got.slice(0, MAX_SHOWN)}…` : got;
  return `${what ? `${what}: ` : ''}got ${shown}`;
}

import type { AppErrorBody, ErrorCode } from '../../shared/errors';
import { REFUSALS, type Refusal } from '../../shared/contract/refusals';

export interface RefuseOptions {
  /** The English message when the catalogue's is not precise enough (it names a number, a line). */
  message?: string;
  /** Commit what the handler wrote before refusing (a wrong PIN or password still counts). */
  keepWrites?: boolean;
}

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

/**
 * A refusal by name, from the catalogue: its code, its default English message (or
 * `opts.message`), and `details.reason`. Handlers use `ctx.refuse`, which only accepts
 * their channel's declared reasons; this untyped form is for code shared with callers
 * outside the dispatcher (jobs run by the scheduler, the start-up restore), whose
 * refusals the dispatcher still checks against the channel at run time.
 */
export function refusal(reason: Refusal, details: Record<string, unknown> = {}, opts: RefuseOptions = {}): AppError {
  const entry = REFUSALS[reason];
  return new AppError(
    entry.code,
    opts.message ?? entry.message,
    { reason, ...details },
    { keepWrites: opts.keepWrites },
  );
}

/** `details.reason` of an error body, when it names one. */
export function reasonOf(body: { details?: Record<string, unknown> }): string | undefined {
  const r = body.details?.reason;
  return typeof r === 'string' ? r : undefined;
}

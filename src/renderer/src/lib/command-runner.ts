import type { AppErrorBody, Result } from '../../../shared/errors';
import { NO_ANSWER } from './errors';

/**
 * The state machine behind `useCommand`, free of React so it can be tested on its own.
 *
 * - **One request at a time**: a second `run` while one is on its way returns that same
 *   promise and sends nothing (a double Enter, a second click, Enter in another field).
 * - **One operation id per attempt**: the first `run` of a payload makes an id; a run of
 *   the same payload reuses it until that attempt succeeds (a repeat press, a retry after
 *   an error or a lost reply), so main's idempotency records it once and a repeat gets
 *   the first result back. A changed payload, or `reset` (the screen's "a new entry
 *   starts"), starts a new attempt.
 * - **A repeat after a success is that success**: the same payload again (a second click
 *   or a bouncing Enter that arrives after the answer) returns the first result at once
 *   and sends nothing; `onSuccess` does not run again. Screens call `reset` when the
 *   cashier starts a new entry, so a deliberate second identical action is a new attempt.
 * - **The outcome**: `result` of the last success or `error` of the last failure (a new
 *   outcome replaces the previous one) with the `input` that failed (its texts may name
 *   a value from it, such as the receipt number), and `problem`, a check the screen made
 *   itself before sending (`refuse`), which the next `run` clears.
 */
export interface CommandState<P, O> {
  busy: boolean;
  result: O | null;
  error: AppErrorBody | null;
  /** The payload of the attempt that failed, without the fields left out of an attempt (`pin`). */
  input: Partial<P> | null;
  problem: string;
}

export interface CommandRunner<P, O> {
  run(payload: P): Promise<Result<O>>;
  /** A problem found before sending (shown like an error; nothing was sent). */
  refuse(problem: string): void;
  /** Forget the outcome and the attempt (a new entry starts). */
  reset(): void;
  getState(): CommandState<P, O>;
  subscribe(listener: () => void): () => void;
}

export interface CommandRunnerOptions<P, O> {
  /** Sends the payload; `opId` is set when the channel takes one. */
  send(payload: P, opId: string | undefined): Promise<Result<O>>;
  takesOpId: boolean;
  newOpId(): string;
  /** Called once per successful request (never for a repeat press that shared it). */
  onSuccess?(value: O, payload: P): void;
}

/**
 * What identifies an attempt: the payload as canonical JSON (keys sorted), without the
 * fields main leaves out of its payload hash (`pin`, see core/operations.ts) — so a
 * corrected PIN retries the same attempt, and no PIN is kept in memory as a key.
 */
const NOT_PART_OF_ATTEMPT = new Set(['opId', 'pin']);

/** The payload without `opId` and `pin`: what an attempt is, and what its error texts may read. */
function withoutSecrets<P>(payload: P): Partial<P> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !NOT_PART_OF_ATTEMPT.has(k))) as Partial<P>;
}

export function attemptKey(payload: unknown): string {
  const canonical = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => canonical(v, depth + 1));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) {
        if (depth === 0 && NOT_PART_OF_ATTEMPT.has(k)) continue;
        const v = (value as Record<string, unknown>)[k];
        if (v !== undefined) out[k] = canonical(v, depth + 1);
      }
      return out;
    }
    return value;
  };
  return JSON.stringify(canonical(payload, 0)) ?? 'undefined';
}

export function createCommandRunner<P, O>(options: CommandRunnerOptions<P, O>): CommandRunner<P, O> {
  let state: CommandState<P, O> = { busy: false, result: null, error: null, input: null, problem: '' };
  let attempt: { key: string; opId: string; done?: Result<O> } | null = null;
  let inFlight: Promise<Result<O>> | null = null;
  const listeners = new Set<() => void>();

  const update = (patch: Partial<CommandState<P, O>>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };

  const run = (payload: P): Promise<Result<O>> => {
    if (inFlight) return inFlight;
    let opId: string | undefined;
    if (options.takesOpId) {
      const key = attemptKey(payload);
      if (!attempt || attempt.key !== key) attempt = { key, opId: options.newOpId() };
      else if (attempt.done) return Promise.resolve(attempt.done);
      opId = attempt.opId;
    }
    update({ busy: true, problem: '' });
    const request = options
      .send(payload, opId)
      .catch((): Result<O> => ({ ok: false, error: NO_ANSWER }))
      .then((r) => {
        inFlight = null;
        if (r.ok) {
          // Kept until reset or another payload: a repeat of this attempt is this result.
          if (attempt) attempt = { ...attempt, done: r };
          update({ busy: false, result: r.value, error: null, input: null });
          options.onSuccess?.(r.value, payload);
        } else {
          // The attempt stays: a retry of the same payload reuses its id.
          update({ busy: false, result: null, error: r.error, input: withoutSecrets(payload) });
        }
        return r;
      });
    inFlight = request;
    return request;
  };

  return {
    run,
    refuse: (problem) => update({ problem }),
    reset: () => {
      attempt = null;
      update({ result: null, error: null, input: null, problem: '' });
    },
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

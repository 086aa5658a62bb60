import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { AppErrorBody, Result } from '../../../shared/errors';
import { call, newOperationId } from './api';
import { takesOpId, type PayloadOf } from './channel-input';
import { createCommandRunner } from './command-runner';
import { approvalRequest, askManager } from '../features/approval/approval-store';
import { describeError, describeFieldErrors, NO_FIELD_ERRORS, type FieldErrors } from './describe-error';
import { invalidatedBy } from './invalidation';
import { invalidateQueries } from './query-cache';

export interface Command<C extends ChannelName> {
  /**
   * Sends the payload (the hook adds `opId` where the channel takes one). A press while
   * a request is on its way returns that request's promise; nothing else is sent.
   */
  run(payload: PayloadOf<C>): Promise<Result<OutputOf<C>>>;
  busy: boolean;
  /** The last success (cleared by an error or `reset`). */
  result: OutputOf<C> | null;
  error: AppErrorBody | null;
  /**
   * What to show: the screen's own problem (`refuse`) or the error, in the staff member's
   * language (`describeError`, given the payload that failed); '' if none.
   */
  errorText: string;
  /**
   * The same, placed: main's error on the inputs it is about (`describeFieldErrors`), the
   * rest and the screen's own problem as `general`.
   */
  fieldErrors: FieldErrors;
  /** Show a problem the screen found itself (nothing is sent). */
  refuse(problem: string): void;
  /** A new entry starts: forget the outcome and the attempt. */
  reset(): void;
}

export interface CommandOptions<C extends ChannelName> {
  /** Runs once per successful request, after the queries it invalidates were told. */
  onSuccess?(value: OutputOf<C>, payload: PayloadOf<C>): void;
}

/**
 * A write (or any action the staff member starts) on one channel: one operation id per
 * attempt, one request at a time, busy state, the error as text, and the queries the
 * channel invalidates re-read after a success. See command-runner.ts for the rules.
 */
export function useCommand<C extends ChannelName>(channel: C, options: CommandOptions<C> = {}): Command<C> {
  const { t } = useTranslation();
  const onSuccess = useRef(options.onSuccess);
  useEffect(() => {
    onSuccess.current = options.onSuccess;
  });
  const [runner] = useState(() =>
    createCommandRunner<PayloadOf<C>, OutputOf<C>>({
      takesOpId: takesOpId(channel),
      newOpId: newOperationId,
      send: async (payload, opId) => {
        const input = (opId === undefined ? payload : { ...(payload as object), opId }) as InputOf<C>;
        const first = await call(channel, input);
        // A cashier's action past a policy: a manager approves on this screen, then the
        // same operation (same op id) goes again. Cancelled: the refusal stays the outcome.
        if (!first.ok && approvalRequest(first.error) && (await askManager(channel, first.error))) {
          return call(channel, input);
        }
        return first;
      },
      onSuccess: (value, payload) => {
        invalidateQueries(invalidatedBy(channel));
        onSuccess.current?.(value, payload);
      },
    }),
  );
  const state = useSyncExternalStore(runner.subscribe, runner.getState);
  const { error, input } = state;
  const texts = useMemo(
    () =>
      error
        ? {
            errorText: describeError(t, channel, error, input as Partial<InputOf<C>>),
            fieldErrors: describeFieldErrors(t, channel, error, input as Partial<InputOf<C>>),
          }
        : { errorText: '', fieldErrors: NO_FIELD_ERRORS },
    [t, channel, error, input],
  );
  return {
    run: runner.run,
    busy: state.busy,
    result: state.result,
    error: state.error,
    errorText: state.problem || texts.errorText,
    fieldErrors: state.problem ? { fields: {}, general: state.problem } : texts.fieldErrors,
    refuse: runner.refuse,
    reset: runner.reset,
  };
}

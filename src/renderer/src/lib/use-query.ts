import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { AppErrorBody } from '../../../shared/errors';
import { call } from './api';
import { describeError } from './describe-error';
import { useQueryVersion } from './query-cache';
import { useSession } from '../stores/session';
import { initialQueryState, queryReducer, viewQuery, type QueryAction, type QueryState } from './query-state';

export interface Query<T> {
  data: T | null;
  error: AppErrorBody | null;
  errorText: string;
  loading: boolean;
  /** The data answers the current input, re-read after the latest invalidation. */
  settled: boolean;
  refetch(): void;
}

export interface QueryOptions {
  /** Wait this long after the input last changed (typing) before asking. */
  delayMs?: number;
  /** While a new input loads, keep showing the answer to the previous one. */
  keepPrevious?: boolean;
}

/**
 * A read on one channel: asked when the input changes (`null` = ask nothing), asked
 * again when a command invalidates the channel or on `refetch()`; an answer that
 * arrives after a newer request was made is dropped (see query-state.ts).
 */
export function useQuery<C extends ChannelName>(
  channel: C,
  input: InputOf<C> | null,
  options: QueryOptions = {},
): Query<OutputOf<C>> {
  const { delayMs = 0, keepPrevious = false } = options;
  const { t } = useTranslation();
  const version = useQueryVersion(channel);
  const key = input === null ? null : JSON.stringify(input);
  const [state, dispatch] = useReducer(
    queryReducer as (s: QueryState<OutputOf<C>>, a: QueryAction<OutputOf<C>>) => QueryState<OutputOf<C>>,
    undefined,
    initialQueryState<OutputOf<C>>,
  );
  const tickets = useRef(0);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const ticket = ++tickets.current;
    if (key === null) {
      dispatch({ type: 'idle', ticket });
      return;
    }
    dispatch({ type: 'start', ticket, key, version });
    const send = () =>
      void call(channel, JSON.parse(key) as InputOf<C>).then((result) => dispatch({ type: 'answer', ticket, result }));
    if (delayMs <= 0) return void send();
    const timer = setTimeout(send, delayMs);
    return () => clearTimeout(timer);
  }, [channel, key, version, nonce, delayMs]);

  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  const view = viewQuery(state, key, version, keepPrevious);
  // A read refused because the terminal locked meanwhile is asked again after unlock, and
  // never shown as an error: the lock screen says it (no stale "terminal is locked").
  const locked = useSession((s) => s.locked);
  const refusedByLock = view.error?.code === 'LOCKED';
  useEffect(() => {
    if (!locked && refusedByLock) refetch();
  }, [locked, refusedByLock, refetch]);
  return {
    ...view,
    errorText: view.error && !refusedByLock ? describeError(t, channel, view.error, input ?? undefined) : '',
    refetch,
  };
}

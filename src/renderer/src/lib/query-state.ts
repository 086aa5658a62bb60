import type { AppErrorBody, Result } from '../../../shared/errors';

/**
 * The state machine behind `useQuery`, free of React so it can be tested on its own.
 * Every request gets a ticket; only the answer to the latest ticket is taken, so an
 * older request that finishes last (a slow answer for what was typed before, or for the
 * data before an invalidation) never replaces a newer one.
 */
export interface QueryState<T> {
  /** The latest ticket issued; answers to other tickets are dropped. */
  ticket: number;
  /** The request `ticket` belongs to: its input key (null = nothing asked) and data version. */
  key: string | null;
  version: number;
  pending: boolean;
  /** The last answer taken, and which input key it answers. */
  data: T | null;
  dataKey: string | null;
  error: AppErrorBody | null;
}

export type QueryAction<T> =
  | { type: 'start'; ticket: number; key: string; version: number }
  | { type: 'answer'; ticket: number; result: Result<T> }
  | { type: 'idle'; ticket: number };

export function initialQueryState<T>(): QueryState<T> {
  return { ticket: 0, key: null, version: 0, pending: false, data: null, dataKey: null, error: null };
}

export function queryReducer<T>(state: QueryState<T>, action: QueryAction<T>): QueryState<T> {
  switch (action.type) {
    case 'start':
      return { ...state, ticket: action.ticket, key: action.key, version: action.version, pending: true };
    case 'idle':
      return { ...initialQueryState<T>(), ticket: action.ticket };
    case 'answer': {
      if (action.ticket !== state.ticket) return state; // stale: a newer request is on its way
      const r = action.result;
      if (r.ok) return { ...state, pending: false, data: r.value, dataKey: state.key, error: null };
      // A failed re-read keeps the last data of the same input, with the error beside it.
      const keep = state.dataKey === state.key;
      return {
        ...state,
        pending: false,
        error: r.error,
        data: keep ? state.data : null,
        dataKey: keep ? state.dataKey : null,
      };
    }
  }
}

export interface QueryView<T> {
  data: T | null;
  error: AppErrorBody | null;
  /** A request for the current input is on its way. */
  loading: boolean;
  /** The data answers the current input at the current data version. */
  settled: boolean;
}

/** What a screen sees for `key` (the current input) and `version` (its data version). */
export function viewQuery<T>(
  state: QueryState<T>,
  key: string | null,
  version: number,
  keepPrevious: boolean,
): QueryView<T> {
  const isCurrentRequest = state.key === key && state.version === version;
  const answersKey = state.dataKey !== null && state.dataKey === key;
  return {
    data: answersKey || (keepPrevious && key !== null) ? state.data : null,
    error: state.key === key ? state.error : null,
    loading: key !== null && (!isCurrentRequest || state.pending),
    settled: key !== null && isCurrentRequest && !state.pending,
  };
}

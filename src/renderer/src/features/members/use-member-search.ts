import { useEffect, useRef, useState } from 'react';
import { call } from '../../lib/api';
import type { MemberSearchResult } from '../../../../shared/contract/members';
import type { AppErrorBody } from '../../../../shared/errors';

export interface SearchState {
  /** The query these results answer (may lag behind what is typed). */
  query: string;
  result: MemberSearchResult | null;
  loading: boolean;
  error: AppErrorBody | null;
}

const IDLE: SearchState = { query: '', result: null, loading: false, error: null };

/**
 * Results as you type without blocking the UI: the call waits `delayMs` after the last
 * keystroke (a scanner's 13 digits in 30 ms cause one search, not 13), runs off the UI
 * thread in main, and an answer that arrives after a newer query was typed is dropped,
 * so results never jump back to an older query.
 */
export function useMemberSearch(query: string, delayMs = 120): SearchState {
  const [state, setState] = useState<SearchState>(IDLE);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim().slice(0, 100);
    const ticket = ++latest.current;
    if (q === '') {
      setState(IDLE);
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      void call('members:search', { query: q }).then((r) => {
        if (ticket !== latest.current) return; // stale: a newer query is on its way
        setState(
          r.ok
            ? { query: q, result: r.value, loading: false, error: null }
            : { query: q, result: null, loading: false, error: r.error },
        );
      });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [query, delayMs]);

  return state;
}

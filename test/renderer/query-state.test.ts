import { describe, expect, it } from 'vitest';
import { initialQueryState, queryReducer, viewQuery, type QueryState } from '../../src/renderer/src/lib/query-state';

const ok = (value: string) => ({ ok: true as const, value });
const notFound = { ok: false as const, error: { code: 'NOT_FOUND' as const, message: 'no such receipt' } };

function run(...steps: Parameters<typeof queryReducer<string>>[1][]): QueryState<string> {
  return steps.reduce((s, a) => queryReducer(s, a), initialQueryState<string>());
}

describe('query state: stale answers are dropped', () => {
  it('an older request that finishes last never replaces the newer answer', () => {
    const s = run(
      { type: 'start', ticket: 1, key: '"anna"', version: 0 },
      { type: 'start', ticket: 2, key: '"anna z"', version: 0 },
      { type: 'answer', ticket: 2, result: ok('no match') },
      { type: 'answer', ticket: 1, result: ok('Anna Wu') },
    );
    expect(viewQuery(s, '"anna z"', 0, false)).toEqual({
      data: 'no match',
      error: null,
      loading: false,
      settled: true,
    });
  });

  it('an answer to the data before an invalidation is not the settled answer after it', () => {
    const before = run(
      { type: 'start', ticket: 1, key: 'k', version: 0 },
      { type: 'answer', ticket: 1, result: ok('balance 100') },
    );
    // Version 1 is current (a redemption), its request not started yet: still the old data, not settled.
    expect(viewQuery(before, 'k', 1, false)).toMatchObject({ data: 'balance 100', settled: false, loading: true });
    const after = run(
      { type: 'start', ticket: 1, key: 'k', version: 0 },
      { type: 'start', ticket: 2, key: 'k', version: 1 },
      { type: 'answer', ticket: 2, result: ok('balance 0') },
      { type: 'answer', ticket: 1, result: ok('balance 100') },
    );
    expect(viewQuery(after, 'k', 1, false)).toMatchObject({ data: 'balance 0', settled: true });
  });

  it('a new input shows nothing until answered, unless the previous answer is kept', () => {
    const s = run(
      { type: 'start', ticket: 1, key: 'a', version: 0 },
      { type: 'answer', ticket: 1, result: ok('quote for a') },
      { type: 'start', ticket: 2, key: 'b', version: 0 },
    );
    expect(viewQuery(s, 'b', 0, false)).toMatchObject({ data: null, loading: true, settled: false });
    expect(viewQuery(s, 'b', 0, true)).toMatchObject({ data: 'quote for a', loading: true });
  });

  it('an error for a new input clears its data; a failed re-read keeps the data beside the error', () => {
    const fresh = run(
      { type: 'start', ticket: 1, key: 'R-1', version: 0 },
      { type: 'answer', ticket: 1, result: ok('purchase R-1') },
      { type: 'start', ticket: 2, key: 'R-9', version: 0 },
      { type: 'answer', ticket: 2, result: notFound },
    );
    expect(viewQuery(fresh, 'R-9', 0, false)).toMatchObject({ data: null, error: notFound.error, settled: true });
    const reread = run(
      { type: 'start', ticket: 1, key: 'R-1', version: 0 },
      { type: 'answer', ticket: 1, result: ok('purchase R-1') },
      { type: 'start', ticket: 2, key: 'R-1', version: 1 },
      { type: 'answer', ticket: 2, result: notFound },
    );
    expect(viewQuery(reread, 'R-1', 1, false)).toMatchObject({ data: 'purchase R-1', error: notFound.error });
  });

  it('asking nothing (null input) drops whatever is still on its way', () => {
    const s = run(
      { type: 'start', ticket: 1, key: 'a', version: 0 },
      { type: 'idle', ticket: 2 },
      { type: 'answer', ticket: 1, result: ok('late') },
    );
    expect(viewQuery(s, null, 0, true)).toEqual({ data: null, error: null, loading: false, settled: false });
  });
});

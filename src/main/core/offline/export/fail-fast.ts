/**
 * One failure that ends a whole run at once, whatever each step awaits (a dead worker, a
 * cancel): `race(p)` settles with `p`, or rejects with the failure as soon as there is one.
 *
 * Not `Promise.race([p, failed])` over one long-pending `failed`: every such race leaves a
 * reaction on `failed` that holds the race's own promise, and so its result, until `failed`
 * settles — the export's stripes (their buffers: the whole file, 311 MB for a 1M-row
 * ledger) stayed reachable until the run ended. A waiter here is dropped when its promise
 * settles (`waiting()` counts them; test/core/offline/fail-fast.test.ts).
 */
export interface FailFast {
  race<T>(p: Promise<T>): Promise<T>;
  fail(err: Error): void;
  readonly failure: Error | null;
  waiting(): number;
}

export function createFailFast(): FailFast {
  let failure: Error | null = null;
  const waiters = new Set<(err: Error) => void>();
  return {
    race<T>(p: Promise<T>): Promise<T> {
      if (failure) {
        // The step was already started (its promise is the argument): its own failure,
        // e.g. a write to a file the run has closed, must not surface as unhandled.
        p.catch(() => undefined);
        return Promise.reject(failure);
      }
      return new Promise<T>((resolve, reject) => {
        waiters.add(reject);
        p.then(
          (v) => {
            waiters.delete(reject);
            resolve(v);
          },
          (e: unknown) => {
            waiters.delete(reject);
            reject(e);
          },
        );
      });
    },
    fail(err: Error) {
      failure ??= err;
      for (const reject of waiters) reject(failure);
      waiters.clear();
    },
    get failure() {
      return failure;
    },
    waiting: () => waiters.size,
  };
}

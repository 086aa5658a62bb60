import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';
import { syncRound, type RoundResult } from './round';
import type { SyncDeps } from './state';

export interface SyncLoop {
  /** Run a round soon (after enrolment, or when the cashier asks). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * The background loop (Electron main and the test host start it): a round, then a wait
 * by `nextDelay`. Standalone terminals cost one small read per idle period. Timers are
 * unref'd: the loop never keeps the process alive.
 */
export function startSyncLoop(
  deps: SyncDeps,
  opts: {
    policy?: BackoffPolicy;
    random?: () => number;
    onRound?: (r: RoundResult) => void;
    /** Each wait the loop schedules (tests). */
    onWait?: (ms: number) => void;
  } = {},
): SyncLoop {
  const policy = opts.policy ?? DEFAULT_BACKOFF;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    opts.onWait?.(ms);
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };
  const tick = () => {
    timer = null;
    const p = syncRound(deps).then(
      (r) => {
        failures = r.ok || r.skipped ? 0 : failures + 1;
        opts.onRound?.(r);
        schedule(nextDelay(failures, policy, opts.random));
      },
      () => schedule(nextDelay(++failures, policy, opts.random)),
    );
    inFlight = p;
  };
  schedule(0);
  return {
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAILY_MS, startChores } from '../../src/main/chores';
import { makeCore } from '../helpers/core';

afterEach(() => vi.useRealTimers());

describe('startChores', () => {
  it('runs the start-up checks again once a day, logs their problems, and stops cleanly', () => {
    vi.useFakeTimers();
    const runStartupChecks = vi.fn(() => [{ check: 'ledger', problem: 'balance differs for member 7' }]);
    const schedulerStop = vi.fn();
    const errors: string[] = [];
    const chores = startChores({ runStartupChecks } as never, {
      log: { error: (m) => errors.push(m) },
      startScheduler: () => ({ tick: async () => null, stop: schedulerStop }),
    });
    vi.advanceTimersByTime(DAILY_MS - 1);
    expect(runStartupChecks).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(runStartupChecks).toHaveBeenCalledTimes(1);
    expect(errors).toEqual(['daily check ledger: balance differs for member 7']);
    chores.stop();
    expect(schedulerStop).toHaveBeenCalled();
    vi.advanceTimersByTime(3 * DAILY_MS);
    expect(runStartupChecks).toHaveBeenCalledTimes(1);
  });

  it('a throwing check is logged, not fatal', () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    const chores = startChores(
      {
        runStartupChecks: () => {
          throw new Error('disk I/O error');
        },
      } as never,
      { log: { error: (m) => errors.push(m) }, startScheduler: () => ({ tick: async () => null, stop: () => {} }) },
    );
    vi.advanceTimersByTime(DAILY_MS);
    expect(errors).toEqual(['daily checks failed']);
    chores.stop();
  });

  it('starts the real offline scheduler and daily checks on a real core', async () => {
    const core = makeCore();
    const errors: unknown[] = [];
    // Waits for the daily checks to have really run twice (not for a fixed time, which a
    // busy machine may not honour), each on the real core.
    let runs = 0;
    let ranTwice!: () => void;
    const twice = new Promise<void>((r) => (ranTwice = r));
    const watched = {
      ...core,
      runDailyChecks: () => {
        const problems = core.runDailyChecks();
        if (++runs === 2) ranTwice();
        return problems;
      },
    };
    const chores = startChores(watched, {
      log: { error: (m, e) => errors.push([m, e]) },
      dailyMs: 50,
      schedulerIntervalMs: 60_000,
    });
    await twice;
    chores.stop();
    expect(runs).toBe(2);
    expect(errors).toEqual([]);
  });
});

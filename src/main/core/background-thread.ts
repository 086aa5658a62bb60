import { setPriority } from 'node:os';

/** The nice value of the worker threads that run chores, reports and jobs (0 is the counter's). */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling worker thread, once, as its first act (issue 13:
 * nothing a chore does freezes the counter). On this 2-core machine an import's worker
 * busy parsing took the CPU from the main thread for 16–21 ms at a time although the main
 * thread had nothing long to do (its CPU profile showed no task over 4 ms there); at nice 10
 * the scheduler gives the main thread the core the moment it wakes. It changes nothing
 * when the CPU is free, and the thread never holds a lock the counter waits on while it is
 * preempted for long: a waiting counter write sleeps in SQLite's busy handler, which leaves
 * the CPU to the worker.
 *
 * Linux only: there `setpriority(PRIO_PROCESS, 0, …)` — what `os.setPriority(n)` calls —
 * applies to the calling thread (the nice value is per thread), which
 * test/core/background-thread.test.ts checks. On macOS and Windows the same call changes
 * the whole process, the counter with it, so it is not made there.
 */
export function lowerThisThreadPriority(): boolean {
  const nice = backgroundNice();
  if (nice === null) return false;
  try {
    setPriority(nice);
    return true;
  } catch {
    return false; // a sandbox that forbids it: the thread runs at the counter's priority
  }
}

/** The nice value to give a background thread here, or null where it is per process (see above). */
export function backgroundNice(): number | null {
  return process.platform === 'linux' ? BACKGROUND_NICE : null;
}

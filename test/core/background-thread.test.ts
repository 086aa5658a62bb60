import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { tsJobWorker } from '../helpers/job-worker';
import { BACKGROUND_NICE, backgroundNice } from '../../src/main/core/background-thread';

/** The threads of this process at a nice value (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadsAt(nice: number): string[] {
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === nice;
    } catch {
      return false; // the thread ended meanwhile
    }
  });
}

/**
 * Job and report workers run at a lower CPU priority than the counter's thread
 * (core/background-thread.ts): on Linux the nice value is per thread, so the worker's
 * thread is at BACKGROUND_NICE and the main thread — the counter — stays where it was.
 */
describe.runIf(process.platform === 'linux')('background worker threads', () => {
  it('a job worker lowers its own thread only', async () => {
    expect(backgroundNice()).toBe(BACKGROUND_NICE);
    // By thread id: an earlier test's worker (same process) may still be ending meanwhile.
    const before = new Set(threadsAt(BACKGROUND_NICE));
    const lowered = () => threadsAt(BACKGROUND_NICE).filter((tid) => !before.has(tid));
    const worker = tsJobWorker({ job: 'import' });
    try {
      const deadline = Date.now() + 10_000;
      while (lowered().length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(lowered()).toHaveLength(1);
      expect(getPriority()).toBe(0); // this thread: the counter's
      expect(getPriority(process.pid)).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});

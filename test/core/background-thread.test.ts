import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { tsJobWorker } from '../helpers/job-worker';
import { BACKGROUND_NICE, backgroundNice } from '../../src/main/core/background-thread';

/** Each thread of this process with its nice value (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
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
    const before = threadNices().filter((n) => n === BACKGROUND_NICE).length;
    const worker = tsJobWorker({ job: 'import' });
    try {
      const deadline = Date.now() + 10_000;
      while (threadNices().filter((n) => n === BACKGROUND_NICE).length === before && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(threadNices().filter((n) => n === BACKGROUND_NICE).length).toBe(before + 1);
      expect(getPriority()).toBe(0); // this thread: the counter's
      expect(getPriority(process.pid)).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});

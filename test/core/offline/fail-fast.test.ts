import { describe, expect, it } from 'vitest';
import { createFailFast } from '../../../src/main/core/offline/export/fail-fast';

describe('fail-fast race (parallel export)', () => {
  it('forgets each waiter once its promise settles, so nothing a settled step returned stays reachable', async () => {
    const run = createFailFast();
    for (let i = 0; i < 1_000; i++) {
      // Each result is a buffer, as the export's stripes are.
      const v = await run.race(Promise.resolve(Buffer.alloc(1024)));
      expect(v.length).toBe(1024);
    }
    await expect(run.race(Promise.reject(new Error('step failed')))).rejects.toThrow('step failed');
    expect(run.waiting()).toBe(0);
  });

  it('a failure rejects every pending step at once and every later one; the first failure wins', async () => {
    const run = createFailFast();
    const never = new Promise<number>(() => undefined);
    const a = run.race(never);
    const b = run.race(never);
    expect(run.waiting()).toBe(2);
    run.fail(new Error('worker died'));
    run.fail(new Error('cancelled'));
    await expect(a).rejects.toThrow('worker died');
    await expect(b).rejects.toThrow('worker died');
    await expect(run.race(Promise.resolve(1))).rejects.toThrow('worker died');
    // A step started after the failure that then fails itself is not an unhandled rejection.
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    await expect(run.race(Promise.reject(new Error('EBADF')))).rejects.toThrow('worker died');
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(run.failure?.message).toBe('worker died');
    expect(run.waiting()).toBe(0);
  });
});

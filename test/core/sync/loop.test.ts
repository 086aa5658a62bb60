import { describe, expect, it } from 'vitest';
import { makeCore } from '../../helpers/core';
import { startSyncLoop } from '../../../src/main/core/sync/loop';
import type { RoundResult } from '../../../src/main/core/sync/round';

const policy = { idleMs: 40, baseMs: 4, maxMs: 32 };
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('the sync loop', () => {
  it('standalone: a round is skipped and the loop idles; nothing is written', async () => {
    const core = makeCore();
    const rounds: RoundResult[] = [];
    const waits: number[] = [];
    const loop = startSyncLoop(core, { policy, onRound: (r) => rounds.push(r), onWait: (ms) => waits.push(ms) });
    await until(() => rounds.length >= 2);
    await loop.stop();
    expect(rounds[0]).toMatchObject({ skipped: 'standalone' });
    expect(waits.slice(1, 3)).toEqual([40, 40]);
    expect(core.db.prepare('SELECT last_contact_at, offline_since FROM sync_state').get()).toEqual({
      last_contact_at: null,
      offline_since: null,
    });
  });

  it('head office unreachable: waits grow 4, 8, 16, 32, 32 ms (jitter at its top here) and the status says offline since the first failure', async () => {
    let calls = 0;
    const core = makeCore({
      sync: {
        fetch: async () => {
          calls++;
          throw new Error('connect ECONNREFUSED');
        },
      },
    });
    core.config.sync.credentials.write('pdt1.x.y');
    core.db
      .prepare("UPDATE sync_state SET capture = 1, server_url = 'http://127.0.0.1:9', enrolled_at = 1 WHERE id = 1")
      .run();
    const waits: number[] = [];
    const loop = startSyncLoop(core, { policy, random: () => 1, onWait: (ms) => waits.push(ms) });
    await until(() => waits.length >= 6);
    await loop.stop();
    expect(waits.slice(1, 6)).toEqual([4, 8, 16, 32, 32]);
    expect(calls).toBeGreaterThanOrEqual(5);
    const s = core.db.prepare('SELECT offline_since, last_error FROM sync_state').get() as {
      offline_since: number;
      last_error: string;
    };
    expect(s.offline_since).toBe(core.clock.now());
    expect(s.last_error).toMatch(/ECONNREFUSED/);
  });
});

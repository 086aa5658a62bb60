import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { registerMember } from '../points/points-helpers';
import { walPagesByTree } from '../../../bench/write-anatomy';
import { applyTierSpendIfAbsent, TIER_SPEND_TRIGGERS } from '../../../src/main/core/db/migrations/022-tier-spend';

/**
 * What the maintained tier spend (migration 022) costs each award: its row and its band
 * index, written in the award's own transaction. Measured as award-pages.test.ts does
 * (WAL frames of awards after the WAL was emptied), before and after 022 on one store,
 * over 60 awards: the band index's entries move with each award's spend, so its page
 * splits come at random, and over 20 awards they moved the average by up to a frame (nine
 * runs: 1.55–3.05 extra frames per award). The store's own checkpoints are held off
 * meanwhile (they would restart the WAL mid-measure).
 */
const MEASURED = 60;
const NO_CHECKPOINTS = { everyWrites: 100_000, softCapBytes: 1 << 30, hardCapBytes: 1 << 30 };
describe('award write shape with the maintained tier spend', () => {
  it('adds the member spend row and its band index, about two pages per award', async () => {
    const { core, tokens } = await makeStaffedCore({ checkpoints: NO_CHECKPOINTS });
    const members: string[] = [];
    for (let i = 0; i < 40; i++) members.push(await registerMember(core, tokens.cashier, `P ${i}`));
    let receipt = 0;
    const awards = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await core.ok(
          'points:award',
          { opId: randomUUID(), memberId: members[(i * 7) % 40], receiptNo: `W-${receipt++}`, totalMinor: 1_000 + i },
          tokens.cashier,
        );
      }
    };
    const measure = async () => {
      core.db.pragma('wal_checkpoint(TRUNCATE)');
      await awards(MEASURED);
      return walPagesByTree(core.db);
    };
    // Without 022 first (as a version-21 store), then with it on the same store.
    for (const t of TIER_SPEND_TRIGGERS) core.db.exec(`DROP TRIGGER ${t}`);
    core.db.exec('DROP TABLE points_tier_spend; DROP TABLE points_tier_window;');
    await awards(300);
    const before = await measure();
    applyTierSpendIfAbsent(core.db, core.clock.now());
    await awards(300);
    const after = await measure();
    console.log(`award frames: ${before.frames / MEASURED} before 022, ${after.frames / MEASURED} with it`, {
      points_tier_spend: (after.trees.points_tier_spend ?? 0) / MEASURED,
      points_tier_spend_band: (after.trees.points_tier_spend_band ?? 0) / MEASURED,
    });
    expect(before.trees).not.toHaveProperty('points_tier_spend');
    expect(after.trees).toHaveProperty('points_tier_spend');
    expect(after.trees).toHaveProperty('points_tier_spend_band');
    expect(after.frames / MEASURED - before.frames / MEASURED).toBeLessThanOrEqual(3);
    core.close();
  }, 120_000);
});

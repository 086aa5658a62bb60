import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { seedActivity } from '../offline/seed';
import { generateMembers } from '../../../bench/generate-members';
import { generateLedger } from '../../../bench/generate-ledger';
import { travel } from '../points/points-helpers';
import {
  applyTierSpendIfAbsent,
  hasTierSpend,
  m022TierSpend,
  TIER_SPEND_TRIGGERS,
} from '../../../src/main/core/db/migrations/022-tier-spend';
import { addMonths } from '../../../src/main/core/points/exact-math';
import { advanceTierSpend } from '../../../src/main/core/points/tier-spend';
import type { Db } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

const DAY = 86_400_000;

/** V per member from the tables: paid since the anchor less the refunds on those purchases. */
function expected(db: Db): Record<string, { spend: number; current: number }> {
  const since = db.prepare('SELECT since_ms FROM points_tier_window').pluck().get() as number;
  const rows = db
    .prepare(
      `SELECT s.member_id AS id, s.spend, (m.active = 1 AND m.erased_at IS NULL) AS current FROM (
         SELECT member_id, sum(v) AS spend FROM (
           SELECT member_id, paid_minor AS v FROM points_purchases WHERE created_at >= @since
           UNION ALL SELECT r.member_id, -r.amount_minor FROM points_refunds r
             JOIN points_purchases p ON p.id = r.purchase_id WHERE p.created_at >= @since)
         GROUP BY member_id) s JOIN members m ON m.id = s.member_id WHERE s.spend <> 0`,
    )
    .all({ since }) as { id: string; spend: number; current: number }[];
  return Object.fromEntries(rows.map((r) => [r.id, { spend: r.spend, current: r.current }]));
}

function stored(db: Db): Record<string, { spend: number; current: number }> {
  const rows = db
    .prepare('SELECT member_id AS id, spend_minor AS spend, is_current AS current FROM points_tier_spend')
    .all() as { id: string; spend: number; current: number }[];
  return Object.fromEntries(
    rows.filter((r) => r.spend !== 0).map((r) => [r.id, { spend: r.spend, current: r.current }]),
  );
}

function dropTierSpend(db: Db): void {
  for (const t of TIER_SPEND_TRIGGERS) db.exec(`DROP TRIGGER ${t}`);
  db.exec('DROP TABLE points_tier_spend; DROP TABLE points_tier_window;');
}

describe('migration 022-tier-spend', () => {
  it('backfills the rolling spend of a store with history; triggers, member changes and the anchor move keep it exact', async () => {
    const { core, tokens } = await makeStaffedCore();
    const s = await seedActivity(core, tokens, { members: 4, purchasesEach: 3 });
    await travel(core, tokens, 20 * DAY);
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: s.receipts[0] }, tokens.manager);
    await travel(core, tokens, 200 * DAY);
    await seedActivity(core, tokens, { members: 2, purchasesEach: 2, offset: 10 });

    // Back to what version 21 had: none of 022's tables or triggers.
    dropTierSpend(core.db);
    core.db.pragma('user_version = 21');
    expect(hasTierSpend(core.db)).toBe(false);
    expect(applyTierSpendIfAbsent(core.db, core.clock.now())).toBe(true);
    expect(applyTierSpendIfAbsent(core.db, core.clock.now())).toBe(false);
    const anchor = core.db.prepare('SELECT window_months, since_ms FROM points_tier_window').get() as {
      window_months: number;
      since_ms: number;
    };
    expect(anchor).toEqual({ window_months: 12, since_ms: addMonths(core.clock.now(), -12) });
    expect(stored(core.db)).toEqual(expected(core.db));
    expect(Object.keys(stored(core.db)).length).toBe(6);

    // The migration's own step does the same (with the machine's clock).
    dropTierSpend(core.db);
    expect(migrate(core.db, { to: 22 })).toEqual([22]);
    expect(schemaVersion(core.db)).toBe(22);
    expect(m022TierSpend.version).toBe(22);
    expect(stored(core.db)).toEqual(expected(core.db));
    dropTierSpend(core.db);
    applyTierSpendIfAbsent(core.db, core.clock.now());

    // Writes after it: awards, a refund, a deactivation and an erasure, in their own transactions.
    const later = await seedActivity(core, tokens, { members: 1, purchasesEach: 2, offset: 20 });
    await core.ok('points:refund', { opId: randomUUID(), receiptNo: later.receipts[1] }, tokens.manager);
    await core.ok('members:deactivate', { memberId: s.memberIds[1] }, tokens.cashier);
    await core.ok('members:erase', { memberId: s.memberIds[2], reason: 'memberRequest' }, tokens.manager);
    expect(stored(core.db)).toEqual(expected(core.db));
    expect(stored(core.db)[s.memberIds[1]].current).toBe(0);
    await core.ok('members:reactivate', { memberId: s.memberIds[1] }, tokens.cashier);
    expect(stored(core.db)[s.memberIds[1]].current).toBe(1);

    // A year later the first purchases have left: the anchor moves and what left is subtracted.
    await travel(core, tokens, 170 * DAY);
    expect(advanceTierSpend(core.db, core.clock.now())).toBeGreaterThan(0);
    expect(core.db.prepare('SELECT since_ms FROM points_tier_window').pluck().get()).toBe(
      addMonths(core.clock.now(), -12),
    );
    expect(stored(core.db)).toEqual(expected(core.db));
    // Members whose purchases all left have no row any more.
    expect(stored(core.db)[s.memberIds[0]]).toBeUndefined();
    core.close();
  });

  it('a bench bulk load (triggers dropped, rebuilt after) leaves the table exact', async () => {
    const { core } = await makeStaffedCore();
    const now = core.clock.now();
    generateMembers(core.db, 300, 3);
    generateLedger(core.db, { entries: 3_000, members: 300, seed: 3, now });
    expect(Object.keys(stored(core.db)).length).toBeGreaterThan(50);
    expect(stored(core.db)).toEqual(expected(core.db));
    for (const t of TIER_SPEND_TRIGGERS) {
      expect(core.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(t)).toBeDefined();
    }
    core.close();
  });
});

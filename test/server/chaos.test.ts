import { describe, expect, it } from 'vitest';
import { legacyCard, newOpId, ok, startChain, usePgCluster } from './helpers';

const pg = usePgCluster();

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pushes, online redemptions, holds and merges all at once', () => {
  it.each([7, 8, 9, 10, 11, 12])(
    'seed %i: the journal, balances and holds stay consistent and merged members hold nothing',
    async (seed) => {
      const rand = prng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
      const chain = await startChain(pg, { poolMax: 24 });
      const store = await chain.createStore();
      const tills = await Promise.all(Array.from({ length: 3 }, () => chain.enrol(store)));
      const members: { id: string; card: string }[] = [];
      for (let i = 0; i < 8; i++) {
        const till = tills[i % 3];
        const reg = till.register({ cardNumber: legacyCard(seed * 100 + i) });
        await till.pushOk([reg, till.award({ memberId: reg.payload.memberId }, `S-${i}`, 200)]);
        members.push({ id: reg.payload.memberId, card: reg.payload.cardNumber });
      }
      const holds: { till: (typeof tills)[number]; holdId: string; memberId: string }[] = [];
      let approved = 0;
      const worker = async (w: number) => {
        const till = tills[w % 3];
        for (let n = 0; n < 25; n++) {
          const m = pick(members);
          const r = rand();
          if (r < 0.4) {
            const ref = rand() < 0.5 ? { cardNumber: m.card } : { memberId: m.id };
            const op = rand() < 0.7 ? till.award(ref, `W${w}-${n}`, 1 + Math.floor(rand() * 40)) : till.ledger(ref, -5);
            await till.pushOk([op]);
          } else if (r < 0.65) {
            const res = await till.req('redeem:online', {
              opId: newOpId(),
              memberId: m.id,
              points: 1 + Math.floor(rand() * 60),
            });
            if (res.ok) approved++;
          } else if (r < 0.8) {
            const res = await till.req('holds:take', { opId: newOpId(), memberId: m.id, points: 10, ttlMinutes: 30 });
            if (res.ok) holds.push({ till, holdId: res.value.holdId, memberId: res.value.memberId });
          } else if (r < 0.9 && holds.length > 0) {
            const h = holds.splice(Math.floor(rand() * holds.length), 1)[0];
            await h.till.req('holds:release', { holdId: h.holdId });
          } else {
            const [a, b] = [pick(members), pick(members)];
            if (a.id !== b.id) {
              await chain.admin('members:merge', {
                opId: newOpId(),
                survivorId: a.id,
                mergedId: b.id,
                reason: 'duplicate',
              });
            }
          }
        }
      };
      // One worker per terminal (a terminal pushes its own ops in order), all three at once.
      await Promise.all(Array.from({ length: 3 }, (_, w) => worker(w)));
      const check = await ok(chain.admin('admin:checkJournal', {}));
      expect(check.mismatches).toEqual([]);
      const merged = await chain.pool.query(
        'SELECT m.id, b.balance, b.held FROM members m JOIN balances b ON b.member_id = m.id WHERE m.merged_into IS NOT NULL',
      );
      expect(merged.rows.length).toBeGreaterThan(0);
      expect(approved).toBeGreaterThan(0);
      for (const row of merged.rows) expect([row.id, row.balance, row.held]).toEqual([row.id, 0, 0]);
      const moved = await chain.pool.query(
        "SELECT coalesce(sum(points), 0)::bigint AS s FROM journal WHERE kind IN ('merge_in', 'merge_out')",
      );
      expect(moved.rows[0].s).toBe(0);
      // Online decisions never left anyone with less than they had held for them.
      const neg = await chain.pool.query(
        `SELECT count(*) AS n FROM online_redemptions r JOIN journal j ON j.id = r.entry_id`,
      );
      expect(neg.rows[0].n).toBe(approved);
      const statuses = await chain.pool.query("SELECT count(*) AS n FROM sync_ops WHERE status <> 'applied'");
      expect(statuses.rows[0].n).toBe(0);
    },
    120_000,
  );
});

import { describe, expect, it } from 'vitest';
import { MEMBER, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const EARLIER = '01900000-0000-7000-8000-0000000000d1';
const LATER = '01900000-0000-7000-8000-0000000000d2';
const OP = '01900000-0000-7000-8000-0000000000c1';

describe('migration 014-pull-referrals-bonuses', () => {
  it('gives every referral and bonus claim a pull change row for every store: those recorded before it, and each new one', async () => {
    const { pool, to } = await db();
    await to(13);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await insertMember(pool, EARLIER, '2900000000024');
    await insertMember(pool, LATER, '2900000000031');
    await pool.query(
      'INSERT INTO member_referrals (member_id, referrer_id, op_id, recorded_at) VALUES ($1, $2, $3, 7)',
      [EARLIER, MEMBER, OP],
    );
    await pool.query(
      'INSERT INTO bonus_claims (member_id, bonus_key, op_id, terminal_id, points, claimed_at) VALUES ($1, $2, $3, NULL, 20, 7), ($1, $4, $3, NULL, 100, 7)',
      [EARLIER, 'bonus:welcome', OP, 'bonus:birthday:2026'],
    );
    expect(await to(14)).toEqual([14]);
    await pool.query(
      'INSERT INTO member_referrals (member_id, referrer_id, op_id, recorded_at) VALUES ($1, $2, $3, 9)',
      [LATER, MEMBER, OP],
    );
    const changes = await pool.query(
      "SELECT store_id, entity_id, version::int AS v, data FROM sync_changes WHERE entity = 'referral' ORDER BY id",
    );
    expect(changes.rows).toEqual([
      { store_id: null, entity_id: EARLIER, v: 1, data: { memberId: EARLIER, referrerId: MEMBER, recordedAt: 7 } },
      { store_id: null, entity_id: LATER, v: 1, data: { memberId: LATER, referrerId: MEMBER, recordedAt: 9 } },
    ]);
    // Bonus claims: the earlier ones grouped per member, each new one on its own.
    const claim = (member: string, key: string) =>
      pool.query(
        'INSERT INTO bonus_claims (member_id, bonus_key, op_id, terminal_id, points, claimed_at) VALUES ($1, $2, $3, NULL, 20, 9)',
        [member, key, OP],
      );
    await claim(LATER, 'bonus:referred');
    await claim(MEMBER, `bonus:referrer:${LATER}`);
    const bonuses = await pool.query(
      "SELECT entity_id, version::int AS v, data FROM sync_changes WHERE entity = 'bonus' ORDER BY id",
    );
    expect(bonuses.rows).toEqual([
      { entity_id: EARLIER, v: 1, data: { memberId: EARLIER, bonusKeys: ['bonus:birthday:2026', 'bonus:welcome'] } },
      { entity_id: LATER, v: 1, data: { memberId: LATER, bonusKeys: ['bonus:referred'] } },
      { entity_id: MEMBER, v: 1, data: { memberId: MEMBER, bonusKeys: [`bonus:referrer:${LATER}`] } },
    ]);
    // Still one entity list: anything else is refused.
    await expect(
      pool.query(
        "INSERT INTO sync_changes (store_id, entity, entity_id, version, data) VALUES (NULL, 'nope', $1, 1, '{}')",
        [MEMBER],
      ),
    ).rejects.toThrow(/check/);
  });
});

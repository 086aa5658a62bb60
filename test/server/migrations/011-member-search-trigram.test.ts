import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();

describe('migration 011-member-search-trigram', () => {
  it('indexes live names, phones and card numbers by trigram, keeping members found before it', async () => {
    const { pool, to } = await db();
    await to(10);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(11)).toEqual([11]);

    const indexes = await pool.query(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'members' AND indexname LIKE '%trgm' ORDER BY 1",
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      'members_card_trgm',
      'members_name_trgm',
      'members_phone_trgm',
    ]);

    // The planner may use them for the search's "any part" forms (scans forbidden).
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        "EXPLAIN SELECT id FROM members WHERE merged_into IS NULL AND erased_at IS NULL AND name ILIKE '%' || 'ang' || '%'",
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('members_name_trgm');
      const found = await client.query(
        "SELECT name FROM members WHERE merged_into IS NULL AND erased_at IS NULL AND name ILIKE '%ang%'",
      );
      expect(found.rows).toEqual([{ name: 'Wang' }]);
    } finally {
      client.release();
    }
  });
});

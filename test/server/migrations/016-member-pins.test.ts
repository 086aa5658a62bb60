import { describe, expect, it } from 'vitest';
import { chainPinKey } from '../../../src/server/auth/pin-key';
import { MEMBER, insertMember, insertStoreAndTerminal, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const CHAIN_HASH = `pc1$$2b$10$${'a'.repeat(53)}`;

describe('migration 016-member-pins', () => {
  it('adds the member’s PIN (a chain hash or the set-elsewhere mark only) to the member as terminals receive it', async () => {
    const { pool, to } = await db();
    await to(15);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    expect(await to(16)).toEqual([16]);
    const wire = async () =>
      (await pool.query('SELECT member_wire(m) AS w FROM members m WHERE id = $1', [MEMBER])).rows[0].w;
    expect(await wire()).toMatchObject({ id: MEMBER, pinHash: null });
    for (const hash of ['px1$', CHAIN_HASH]) {
      await pool.query('UPDATE members SET pin_hash = $1 WHERE id = $2', [hash, MEMBER]);
      expect(await wire()).toMatchObject({ pinHash: hash });
    }
    // The change log carries it like every member field.
    const logged = await pool.query(
      "SELECT data->>'pinHash' AS p FROM sync_changes WHERE entity = 'member' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
      [MEMBER],
    );
    expect(logged.rows[0].p).toBe(CHAIN_HASH);
    // A terminal's own-pepper hash, or anything else, is not a PIN head office keeps.
    for (const bad of [`pp1$$2b$10$${'a'.repeat(53)}`, 'px1', '', `${CHAIN_HASH}x`]) {
      await expect(pool.query('UPDATE members SET pin_hash = $1 WHERE id = $2', [bad, MEMBER])).rejects.toThrow(
        /check constraint/,
      );
    }
  });

  it('makes the chain PIN key once: every later call, and a racing one, reads the same 32 bytes', async () => {
    const { pool, to } = await db();
    await to(16);
    const keys = await Promise.all([chainPinKey(pool, 1), chainPinKey(pool, 2), chainPinKey(pool, 3)]);
    expect(new Set(keys).size).toBe(1);
    expect(Buffer.from(keys[0], 'base64')).toHaveLength(32);
    expect(await chainPinKey(pool, 4)).toBe(keys[0]);
    expect((await pool.query('SELECT count(*)::int AS n FROM chain_keys')).rows[0].n).toBe(1);
  });
});

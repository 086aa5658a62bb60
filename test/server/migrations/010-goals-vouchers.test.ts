import { describe, expect, it } from 'vitest';
import { insertMember, insertStoreAndTerminal, MEMBER, STORE, TERMINAL, useMigrationDb } from './migration-helpers';

const db = useMigrationDb();
const VOUCHER = '01900000-0000-7000-8000-0000000000a1';
const id = (n: number) => `01900000-0000-7000-8000-${n.toString().padStart(12, '0')}`;

describe('migration 010-goals-vouchers', () => {
  it('adds the goal journal, vouchers, referrals, bonus claims, receipt reward columns and audit forks on top of 009', async () => {
    const { pool, to } = await db();
    await to(9);
    await insertStoreAndTerminal(pool);
    await insertMember(pool);
    await pool.query(
      `INSERT INTO store_receipts (store_id, receipt_key, receipt_no, op_id, terminal_id)
       VALUES ($1, 'r-1', 'R-1', gen_random_uuid(), $2)`,
      [STORE, TERMINAL],
    );
    expect(await to(10)).toEqual([10]);

    // A receipt recorded before 010 had no bill reward.
    const receipt = await pool.query(
      'SELECT reward_discount_minor::int AS d, redemption_id, voucher_id FROM store_receipts',
    );
    expect(receipt.rows).toEqual([{ d: 0, redemption_id: null, voucher_id: null }]);

    // The goal journal moves its cached balance and refuses change.
    const goal = (n: number, amount: number) =>
      pool.query(
        `INSERT INTO goal_journal (id, member_id, goal_key, kind, amount, op_id, terminal_id, store_id, occurred_at, recorded_at)
         VALUES ($1, $2, 'coffee', 'progress', $3, gen_random_uuid(), $4, $5, 1, 1)`,
        [id(n), MEMBER, amount, TERMINAL, STORE],
      );
    await goal(1, 3);
    await goal(2, -2);
    expect((await pool.query('SELECT balance::int FROM goal_balances')).rows).toEqual([{ balance: 1 }]);
    expect((await pool.query('SELECT * FROM goal_journal_check()')).rows).toEqual([]);
    await expect(pool.query('UPDATE goal_journal SET amount = 5')).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM goal_journal')).rejects.toThrow(/append-only/);

    // A voucher changes once, and every change is a pull change row.
    await pool.query(
      `INSERT INTO vouchers (id, member_id, goal_key, target, name, kind, purchase_id, issue_entry_id, available_from,
         issued_at, issued_op_id)
       VALUES ($1, $2, 'coffee', 2, 'Free', 'amountOff', gen_random_uuid(), $3, 1, 1, gen_random_uuid())`,
      [VOUCHER, MEMBER, id(2)],
    );
    await pool.query('UPDATE vouchers SET used_at = 5, used_op_id = gen_random_uuid() WHERE id = $1', [VOUCHER]);
    await expect(
      pool.query('UPDATE vouchers SET used_at = 6, used_op_id = gen_random_uuid() WHERE id = $1', [VOUCHER]),
    ).rejects.toThrow(/once/);
    await expect(pool.query('DELETE FROM vouchers')).rejects.toThrow();
    const changes = await pool.query(
      "SELECT version::int, data->>'usedAt' AS used FROM sync_changes WHERE entity = 'voucher' ORDER BY id",
    );
    expect(changes.rows).toEqual([
      { version: 1, used: null },
      { version: 2, used: '5' },
    ]);

    // A bonus key once per member; a referral once per member, never oneself.
    const claim = () =>
      pool.query(
        `INSERT INTO bonus_claims (member_id, bonus_key, op_id, points, claimed_at)
         VALUES ($1, 'bonus:birthday:2026', gen_random_uuid(), 100, 1)`,
        [MEMBER],
      );
    await claim();
    await expect(claim()).rejects.toThrow(/duplicate key/);
    await expect(
      pool.query(
        `INSERT INTO member_referrals (member_id, referrer_id, op_id, recorded_at) VALUES ($1, $1, gen_random_uuid(), 1)`,
        [MEMBER],
      ),
    ).rejects.toThrow(/check/);

    // An audit fork and the span it rewound.
    const fork = await pool.query(
      `INSERT INTO audit_forks (terminal_id, from_seq, from_hash, rewound_through, op_id, received_at)
       VALUES ($1, 1, 'h', 2, gen_random_uuid(), 1) RETURNING id`,
      [TERMINAL],
    );
    await pool.query(
      `INSERT INTO audit_rewound (fork_id, terminal_id, seq, id, at, action, details, prev_hash, hash, scheme, received_at)
       VALUES ($1, $2, 2, gen_random_uuid(), 1, 'auth.signIn', '{}', 'p', 'h', 'hmac-sha256-chain-v1', 1)`,
      [fork.rows[0].id, TERMINAL],
    );
    expect((await pool.query('SELECT count(*)::int AS n FROM audit_rewound')).rows[0].n).toBe(1);
  });
});

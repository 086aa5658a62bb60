import { z } from 'zod';
import type { BootstrapPage, Change, ChangeEntity } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import { withTx } from '../db/tx';
import { invalid } from '../errors';
import { encodeCursor } from './cursor';
import { currentSnapshot, recordPull, type OutboxReport } from './pull';

/**
 * The fresh download: every rule set and reward this store may see, every member,
 * balance, voucher, purchase, referral, bonus claim and stamp card of the chain, page by page in (entity, id) order, then the cursor to pull from.
 * That cursor is the snapshot taken BEFORE the first page: whatever commits while the
 * pages are read is pulled again afterwards, and versions make the repeat harmless —
 * so nothing that committed during a long download is missed.
 */
// New entities go at the end: a download in progress names its entity by position.
const ENTITIES: ChangeEntity[] = [
  'rule',
  'reward',
  'member',
  'balance',
  'voucher',
  'purchase',
  'referral',
  'bonus',
  'goal',
];
const QUERIES: Record<ChangeEntity, string> = {
  rule: `SELECT id, rule_wire(r) AS data FROM rule_sets r WHERE (store_id IS NULL OR store_id = $1) AND id > $2
         ORDER BY id LIMIT $3`,
  reward: `SELECT id, reward_wire(r) AS data FROM rewards r WHERE (store_id IS NULL OR store_id = $1) AND id > $2
           ORDER BY id LIMIT $3`,
  member: `SELECT id, member_wire(m) AS data FROM members m WHERE $1::uuid IS NOT NULL AND id > $2 ORDER BY id LIMIT $3`,
  balance: `SELECT member_id AS id, balance_wire(b) AS data FROM balances b WHERE $1::uuid IS NOT NULL AND member_id > $2
            ORDER BY member_id LIMIT $3`,
  // After the members: a terminal keeps a voucher only for a member it holds.
  voucher: `SELECT id, voucher_wire(v) AS data FROM vouchers v WHERE $1::uuid IS NOT NULL AND id > $2
            ORDER BY id LIMIT $3`,
  // Every purchase of the chain: terminals count members' chain spend for tiers from them (migration 013).
  purchase: `SELECT purchase_id AS id, purchase_wire(p) AS data FROM chain_purchases p
             WHERE $1::uuid IS NOT NULL AND purchase_id > $2 ORDER BY purchase_id LIMIT $3`,
  // After the members, as the vouchers: who referred whom, for the bonuses at a first purchase anywhere (migration 014).
  referral: `SELECT member_id AS id, referral_wire(r) AS data FROM member_referrals r
             WHERE $1::uuid IS NOT NULL AND member_id > $2 ORDER BY member_id LIMIT $3`,
  // A member's bonus claims in one row (a page never splits them).
  bonus: `SELECT member_id AS id, bonus_claims_wire(member_id, jsonb_agg(bonus_key ORDER BY bonus_key)) AS data
          FROM bonus_claims WHERE $1::uuid IS NOT NULL AND member_id > $2 GROUP BY member_id ORDER BY member_id LIMIT $3`,
  // A member's stamp cards in one row, as the pull sends them (migration 017).
  goal: `SELECT member_id AS id, goals_wire(member_id) AS data FROM (SELECT DISTINCT member_id FROM goal_balances) g
         WHERE $1::uuid IS NOT NULL AND member_id > $2 ORDER BY member_id LIMIT $3`,
};
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

const tokenState = z.strictObject({
  v: z.literal(1),
  snapshot: z.string().max(90_000),
  pushedThrough: z.number().int().min(0),
  entity: z
    .number()
    .int()
    .min(0)
    .max(ENTITIES.length - 1),
  after: z.string().uuid(),
});
type TokenState = z.output<typeof tokenState>;

const encodeToken = (t: TokenState) => 'b1.' + Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(token: string): TokenState {
  try {
    if (!token.startsWith('b1.')) throw new Error('prefix');
    return tokenState.parse(JSON.parse(Buffer.from(token.slice(3), 'base64url').toString()));
  } catch {
    throw invalid('This download token is not valid: start the download again', { field: 'next' });
  }
}

export async function bootstrap(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { next?: string; limit?: number; outbox?: OutboxReport },
): Promise<BootstrapPage> {
  // A fresh download is a pull too: a terminal's first sync after enrolment is one.
  await recordPull(ctx, caller.terminalId, input.outbox);
  const limit = input.limit ?? 1000;
  return withTx(
    ctx.pool,
    async (db) => {
      let state: TokenState;
      if (input.next) state = decodeToken(input.next);
      else {
        const s = await currentSnapshot(db, caller.terminalId);
        state = { v: 1, snapshot: s.snapshot, pushedThrough: s.pushedThrough, entity: 0, after: ZERO_ID };
      }
      const changes: Change[] = [];
      let done = false;
      while (changes.length < limit) {
        const entity = ENTITIES[state.entity];
        const r = await db.query(QUERIES[entity], [caller.storeId, state.after, limit - changes.length]);
        for (const row of r.rows) changes.push({ entity, data: row.data } as Change);
        if (r.rows.length > 0) state = { ...state, after: r.rows[r.rows.length - 1].id };
        if (changes.length >= limit) break;
        if (state.entity === ENTITIES.length - 1) {
          done = true;
          break;
        }
        state = { ...state, entity: state.entity + 1, after: ZERO_ID };
      }
      return {
        changes,
        next: done ? null : encodeToken(state),
        cursor: encodeCursor({ v: 1, prev: state.snapshot }),
        pushedThrough: state.pushedThrough,
        serverTime: ctx.now(),
      };
    },
    { readOnly: true },
  );
}

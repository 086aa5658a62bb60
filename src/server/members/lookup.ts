import type { MemberLookupResult, MemberWire, BalanceWire } from '../../shared/sync';
import type { ServiceContext } from '../context';
import { survivorOf } from '../journal/journal';

/**
 * Chain-wide lookup. A card or id names one registration; if a manager merged it, the
 * survivor is returned (with `resolvedFrom`), since that is where the points are now.
 * A phone can match several registrations — the duplicates a manager may merge — and
 * merged ones are left out.
 */
export async function lookupMembers(
  ctx: ServiceContext,
  input: { cardNumber: string } | { phone: string } | { memberId: string },
  /** Terminals check PINs; the admin's page never receives a hash. */
  opts: { withPins: boolean },
): Promise<MemberLookupResult> {
  const db = ctx.pool;
  let ids: string[];
  if ('phone' in input) {
    const r = await db.query(
      'SELECT id FROM members WHERE phone = $1 AND merged_into IS NULL AND erased_at IS NULL ORDER BY created_at, id LIMIT 20',
      [input.phone],
    );
    ids = r.rows.map((x) => x.id);
  } else {
    const r =
      'cardNumber' in input
        ? await db.query('SELECT id FROM members WHERE card_number = $1', [input.cardNumber])
        : await db.query('SELECT id FROM members WHERE id = $1', [input.memberId]);
    ids = r.rows.map((x) => x.id);
  }
  const matches: MemberLookupResult['matches'] = [];
  for (const asked of ids) {
    const survivor = await survivorOf(db, asked);
    const r = await db.query(
      `SELECT member_wire(m) AS member, balance_wire(b) AS balance
       FROM members m JOIN balances b ON b.member_id = m.id WHERE m.id = $1`,
      [survivor.id],
    );
    const row = r.rows[0] as { member: MemberWire; balance: BalanceWire };
    if (!opts.withPins) delete row.member.pinHash;
    matches.push({ ...row, resolvedFrom: survivor.id === asked ? null : asked });
  }
  return { matches };
}

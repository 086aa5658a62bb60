import { MEMBER_SEARCH_PAGE, type MemberSearchDto } from '../../shared/headoffice/admin-api';
import type { ServiceContext } from '../context';

/** `%`, `_` and the escape itself are literal in what the manager typed. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Chain-wide search, as the counter's: a card number (whole or its start), phone digits
 * (any part: `13812345678` finds `+8613812345678`), or part of the name, case-insensitive.
 * Merged registrations are left out (their survivor is the member), erased ones too.
 * Every value is a bind parameter; the typed text is never part of the SQL.
 */
export async function searchMembers(
  ctx: ServiceContext,
  input: { q: string; page?: number },
): Promise<MemberSearchDto> {
  const page = input.page ?? 1;
  const q = input.q.trim().normalize('NFKC');
  const digits = q.replace(/[\s()+-]/g, '');
  const isDigits = /^[0-9]{2,15}$/.test(digits);
  const r = await ctx.pool.query(
    `SELECT m.id, m.card_number, m.name, m.phone, m.home_store_id, m.active, b.balance, b.held
     FROM members m JOIN balances b ON b.member_id = m.id
     WHERE m.merged_into IS NULL AND m.erased_at IS NULL
       AND (m.name ILIKE '%' || $1 || '%'
         OR ($2::text IS NOT NULL AND (m.card_number LIKE $2 || '%' OR m.phone LIKE '%' || $2 || '%')))
     ORDER BY (m.card_number = $3) DESC, m.name, m.card_number
     LIMIT $4 OFFSET $5`,
    [likeLiteral(q), isDigits ? digits : null, digits, MEMBER_SEARCH_PAGE + 1, (page - 1) * MEMBER_SEARCH_PAGE],
  );
  const rows = r.rows.slice(0, MEMBER_SEARCH_PAGE);
  return {
    members: rows.map((m) => ({
      id: m.id,
      cardNumber: m.card_number,
      name: m.name,
      phone: m.phone,
      homeStoreId: m.home_store_id,
      active: m.active,
      balance: m.balance,
      held: m.held,
    })),
    page,
    more: r.rows.length > MEMBER_SEARCH_PAGE,
  };
}

import { randomInt } from 'node:crypto';
import type { HandlerContext, ReadContext, Refuser } from '../context';
import type { Db, ReadDb } from '../db/open-database';
import { newId } from '../ids';
import { stmt } from '../db/statements';
import type { RuleSet } from '../../../shared/contract/points';
import type { CreatedPromoCodesDto, PromoBatchDto, PromoExportDto } from '../../../shared/contract/points-goals-schema';
import type { ParsedInputOf } from '../../../shared/contract';
import {
  CODE_ALPHABET,
  GENERATED_BODY,
  checkCharacter,
  displayPromoCode,
  isValidGenerated,
  looksGenerated,
} from '../../../shared/promo-code';

/**
 * Promo codes (issue 11 item 7; Odoo's rule mode 'with_code', its 'coupons' programme for
 * generated single-use codes). A promotion with `promoProgramme` applies only to a purchase on
 * which the cashier entered a code of that key. A code is single use (max 1), limited
 * (max N) or unlimited (a named code like SUMMER10); every use is a row of
 * `points_promo_code_uses` in the award's transaction, so a code is never used twice
 * by one press either (the award's op id replays the first result) and a second purchase
 * with a used single-use code is refused `promoCodeUsed`.
 */
interface CodeRow {
  code: string;
  batch_id: string;
  code_key: string;
  max_uses: number | null;
  generated: 0 | 1;
}

export interface CheckedCode {
  code: string;
  display: string;
  promoProgramme: string;
  useNo: number;
}

type CodeRefusal = 'promoCodeMistyped' | 'promoCodeUnknown' | 'promoCodeUsed' | 'promoCodeInactive';

function isActive(p: RuleSet['promotions'][number], at: number): boolean {
  if (at < p.startsAt || at >= p.endsAt) return false;
  return !p.weekdays || p.weekdays.includes(new Date(at).getDay());
}

/** Refuses a code that cannot be used on a purchase now; nothing is written. */
export function checkPromoCode(
  ctx: Refuser<CodeRefusal> & Pick<ReadContext, 'db'>,
  rules: RuleSet,
  code: string,
  at: number,
): CheckedCode {
  const row = stmt(ctx.db, 'SELECT * FROM points_promo_codes WHERE code = ?').get(code) as CodeRow | undefined;
  if (!row) {
    if (looksGenerated(code) && !isValidGenerated(code)) throw ctx.refuse('promoCodeMistyped', { field: 'promoCode' });
    throw ctx.refuse('promoCodeUnknown', { field: 'promoCode' });
  }
  const uses = stmt(
    ctx.db,
    'SELECT count(*) AS n, max(created_at) AS last FROM points_promo_code_uses WHERE code = ?',
  ).get(code) as { n: number; last: number | null };
  if (row.max_uses !== null && uses.n >= row.max_uses) {
    throw ctx.refuse('promoCodeUsed', { field: 'promoCode', usedAt: uses.last, maxUses: row.max_uses });
  }
  if (!rules.promotions.some((p) => p.promoProgramme === row.code_key && isActive(p, at))) {
    throw ctx.refuse('promoCodeInactive', { field: 'promoCode', promoProgramme: row.code_key });
  }
  return {
    code,
    display: displayPromoCode(code, row.generated === 1),
    promoProgramme: row.code_key,
    useNo: uses.n + 1,
  };
}

export function recordCodeUse(db: Db, c: CheckedCode, purchaseId: string, memberId: string, opId: string, at: number) {
  stmt(
    db,
    `INSERT INTO points_promo_code_uses (code, use_no, purchase_id, member_id, op_id, created_at)
     VALUES (@code, @use_no, @purchase_id, @member_id, @op_id, @created_at)`,
  ).run({ code: c.code, use_no: c.useNo, purchase_id: purchaseId, member_id: memberId, op_id: opId, created_at: at });
}

/** The programme keys of the codes used on a purchase (the what-if preview re-prices with them). */
export function codeKeysOfPurchase(db: ReadDb, purchaseId: string): Set<string> {
  const rows = stmt(
    db,
    `SELECT c.code_key AS k FROM points_promo_code_uses u JOIN points_promo_codes c ON c.code = u.code
     WHERE u.purchase_id = ?`,
  ).all(purchaseId) as { k: string }[];
  return new Set(rows.map((r) => r.k));
}

/** 8 crypto-random symbols of the unambiguous alphabet and the Luhn mod 31 check character. */
export function generateCode(): string {
  let body = '';
  for (let i = 0; i < GENERATED_BODY; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return body + checkCharacter(body);
}

export function createPromoCodes(
  ctx: HandlerContext<'codeTaken'>,
  input: ParsedInputOf<'points:createPromoCodes'>,
): CreatedPromoCodesDto {
  const now = ctx.now();
  const batchId = newId();
  const generated = input.code === undefined;
  // Generated codes are single use unless said otherwise; a named code is unlimited unless limited.
  const maxUses = input.maxUses === undefined ? (generated ? 1 : null) : input.maxUses;
  const exists = stmt(ctx.db, 'SELECT 1 FROM points_promo_codes WHERE code = ?');
  const codes: string[] = [];
  if (!generated) {
    if (exists.get(input.code)) throw ctx.refuse('codeTaken', { field: 'code' });
    codes.push(input.code!);
  } else {
    const seen = new Set<string>();
    while (codes.length < input.count!) {
      const c = generateCode();
      // 31^8 codes: a clash is rare, but one must never merge two batches' codes.
      if (seen.has(c) || exists.get(c)) continue;
      seen.add(c);
      codes.push(c);
    }
  }
  stmt(
    ctx.db,
    `INSERT INTO points_promo_batches (id, code_key, max_uses, generated, count, created_at, created_by)
     VALUES (@id, @code_key, @max_uses, @generated, @count, @created_at, @created_by)`,
  ).run({
    id: batchId,
    code_key: input.promoProgramme,
    max_uses: maxUses,
    generated: generated ? 1 : 0,
    count: codes.length,
    created_at: now,
    created_by: ctx.actor?.staffId ?? null,
  });
  const insert = stmt(
    ctx.db,
    'INSERT INTO points_promo_codes (code, batch_id, code_key, max_uses, generated) VALUES (?, ?, ?, ?, ?)',
  );
  for (const c of codes) insert.run(c, batchId, input.promoProgramme, maxUses, generated ? 1 : 0);
  return {
    batchId,
    promoProgramme: input.promoProgramme,
    maxUses,
    count: codes.length,
    used: 0,
    createdAt: now,
    codes: codes.map((c) => displayPromoCode(c, generated)),
  };
}

interface BatchRow {
  id: string;
  code_key: string;
  max_uses: number | null;
  generated: 0 | 1;
  count: number;
  created_at: number;
  used: number;
}

const BATCH_SELECT = `SELECT b.*, (SELECT count(*) FROM points_promo_code_uses u JOIN points_promo_codes c ON c.code = u.code
    WHERE c.batch_id = b.id) AS used FROM points_promo_batches b`;

const batchDto = (r: BatchRow): PromoBatchDto => ({
  batchId: r.id,
  promoProgramme: r.code_key,
  maxUses: r.max_uses,
  count: r.count,
  used: r.used,
  createdAt: r.created_at,
});

export function listPromoBatches(db: ReadDb, limit: number): PromoBatchDto[] {
  return (stmt(db, `${BATCH_SELECT} ORDER BY b.created_at DESC, b.id DESC LIMIT ?`).all(limit) as BatchRow[]).map(
    batchDto,
  );
}

/** CSV (RFC 4180, CRLF): code, programme, max uses, times used, last used (ISO). Codes are A–Z/2–9 only. */
export function exportPromoBatch(ctx: ReadContext<'batchNotFound'>, batchId: string): PromoExportDto {
  const b = stmt(ctx.db, `${BATCH_SELECT} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
  if (!b) throw ctx.refuse('batchNotFound', { field: 'batchId' });
  const rows = stmt(
    ctx.db,
    `SELECT c.code, count(u.code) AS used, max(u.created_at) AS last FROM points_promo_codes c
     LEFT JOIN points_promo_code_uses u ON u.code = c.code WHERE c.batch_id = ? GROUP BY c.code ORDER BY c.code`,
  ).all(batchId) as { code: string; used: number; last: number | null }[];
  const lines = ['code,programme,max_uses,used,last_used'];
  for (const r of rows) {
    lines.push(
      [
        displayPromoCode(r.code, b.generated === 1),
        b.code_key,
        b.max_uses ?? '',
        r.used,
        r.last === null ? '' : new Date(r.last).toISOString(),
      ].join(','),
    );
  }
  const day = new Date(b.created_at).toISOString().slice(0, 10);
  return { filename: `promo-codes-${b.code_key}-${day}.csv`, csv: lines.join('\r\n') + '\r\n' };
}

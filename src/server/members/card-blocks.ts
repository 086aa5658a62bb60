import { CHAIN_CARD_PREFIX, MAX_CARD_BODY, cardBody, chainCardNumber, type CardBlockDto } from '../../shared/sync';
import type { ServiceContext, TerminalCaller } from '../context';
import type { PoolClient } from '../db/pool';
import { AppError } from '../errors';
import { newId } from '../ids';
import { idempotent } from '../online-requests';

/**
 * Card numbers in blocks per terminal: one counter row per prefix, advanced under its row
 * lock, so no two blocks overlap and a terminal can hand out cards offline knowing no
 * other terminal of the chain will hand out the same number.
 */
export const DEFAULT_BLOCK_SIZE = 1000;

interface BlockRow {
  id: string;
  prefix: string;
  first_body: number;
  size: number;
  issued_at: number;
  terminal_id: string;
}

function toDto(r: BlockRow): CardBlockDto {
  return {
    id: r.id,
    prefix: r.prefix,
    firstBody: r.first_body,
    size: r.size,
    first: chainCardNumber(r.first_body, r.prefix),
    last: chainCardNumber(r.first_body + r.size - 1, r.prefix),
    issuedAt: r.issued_at,
  };
}

export async function issueCardBlock(
  ctx: ServiceContext,
  caller: TerminalCaller,
  input: { opId: string; size?: number },
): Promise<CardBlockDto> {
  const size = input.size ?? DEFAULT_BLOCK_SIZE;
  const result = await idempotent(ctx, 'cards:block', caller, input.opId, { size }, async (db, at) => {
    const next = await db.query(
      `UPDATE card_block_counter SET next_body = next_body + $2
       WHERE prefix = $1 AND next_body + $2 - 1 <= $3 RETURNING next_body - $2 AS first_body`,
      [CHAIN_CARD_PREFIX, size, MAX_CARD_BODY],
    );
    if (next.rowCount === 0)
      throw new AppError('CONFLICT', 'The chain has run out of card numbers', { reason: 'noCards' });
    const row: BlockRow = {
      id: newId(),
      prefix: CHAIN_CARD_PREFIX,
      first_body: next.rows[0].first_body,
      size,
      issued_at: at,
      terminal_id: caller.terminalId,
    };
    await db.query(
      `INSERT INTO card_blocks (id, terminal_id, store_id, prefix, first_body, size, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, caller.terminalId, caller.storeId, row.prefix, row.first_body, size, at],
    );
    return { ...toDto(row), replay: false };
  });
  const { replay: _replay, ...dto } = result;
  return dto;
}

/** Which terminal a chain card number was issued to (null: not a chain number, or never issued). */
export async function blockOwner(
  db: PoolClient,
  card: string,
): Promise<{ chainCard: boolean; terminalId: string | null }> {
  const { prefix, body } = cardBody(card);
  if (prefix !== CHAIN_CARD_PREFIX) return { chainCard: false, terminalId: null };
  const r = await db.query(
    `SELECT terminal_id FROM card_blocks WHERE prefix = $1 AND first_body <= $2 AND first_body + size > $2
     ORDER BY first_body DESC LIMIT 1`,
    [prefix, body],
  );
  return { chainCard: true, terminalId: r.rows[0]?.terminal_id ?? null };
}

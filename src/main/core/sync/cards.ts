import { randomUUID } from 'node:crypto';
import { cardInBlock, type SyncCall } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { failureOf } from './remote';
import type { SyncDeps } from './state';

/** Ask for a new block while this many numbers are left: well before the block runs out. */
export const CARDS_LOW_WATER = 25;
export const CARD_BLOCK_SIZE = 200;

/**
 * The next card number from a block head office gave this terminal, or null (no block:
 * standalone, or a new terminal offline) — the members area then draws a standalone
 * random number (prefix 29), which never collides with a chain block (prefix 28).
 * Called by members registration inside its transaction.
 */
export function takeBlockCard(db: Db): string | null {
  const block = stmt(
    db,
    'SELECT id, prefix, first_body, size, used FROM sync_card_blocks WHERE used < size ORDER BY issued_at, id LIMIT 1',
  ).get() as { id: string; prefix: string; first_body: number; size: number; used: number } | undefined;
  if (!block) return null;
  stmt(db, 'UPDATE sync_card_blocks SET used = used + 1 WHERE id = ?').run(block.id);
  return cardInBlock({ prefix: block.prefix, firstBody: block.first_body, size: block.size }, block.used);
}

export function cardsLeft(db: Db): number {
  return stmt(db, 'SELECT coalesce(sum(size - used), 0) FROM sync_card_blocks').pluck().get() as number;
}

/** While online: a new block when few numbers are left. */
export async function topUpCards(deps: SyncDeps, call: SyncCall): Promise<boolean> {
  if (cardsLeft(deps.db) >= CARDS_LOW_WATER) return false;
  const res = await call('cards:block', { opId: randomUUID(), size: CARD_BLOCK_SIZE });
  if (!res.ok) throw failureOf(res.error);
  const b = res.value;
  deps.db
    .transaction(() =>
      stmt(
        deps.db,
        'INSERT OR IGNORE INTO sync_card_blocks (id, prefix, first_body, size, issued_at) VALUES (?, ?, ?, ?, ?)',
      ).run(b.id, b.prefix, b.firstBody, b.size, b.issuedAt),
    )
    .immediate();
  return true;
}

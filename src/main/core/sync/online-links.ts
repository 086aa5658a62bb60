import type { Db } from '../db/open-database';

/**
 * What a spending handler tells the outbox step of the same transaction about an entry it
 * wrote: head office's redemption id (decided online) or the hold an offline spend drew
 * on (sync/holds.ts). Entry ids are unique, so a link left by a rolled-back call matches
 * nothing.
 */
const linked = new WeakMap<Db, Map<string, string>>();
const held = new WeakMap<Db, Map<string, string>>();

function note(links: WeakMap<Db, Map<string, string>>, db: Db, entryId: string, to: string): void {
  const m = links.get(db) ?? new Map<string, string>();
  m.set(entryId, to);
  links.set(db, m);
}

/** A spending handler notes a debit head office journaled online (chain-spend.ts). */
export function noteOnlineLink(db: Db, entryId: string, redemptionId: string): void {
  note(linked, db, entryId, redemptionId);
}

/** An offline spend drew on this terminal's hold: its op names the hold. */
export function noteHoldLink(db: Db, entryId: string, holdId: string): void {
  note(held, db, entryId, holdId);
}

/** The links noted so far (capture-ops.ts turns each into an op naming the redemption). */
export function onlineLinks(db: Db): ReadonlyMap<string, string> {
  return linked.get(db) ?? new Map();
}

/** Entry id → hold id, for the ops of offline spends from a hold. */
export function holdLinks(db: Db): ReadonlyMap<string, string> {
  return held.get(db) ?? new Map();
}

/** After the outbox step. */
export function clearOnlineLinks(db: Db): void {
  linked.delete(db);
  held.delete(db);
}

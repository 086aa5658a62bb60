import type { Db } from '../db/open-database';

/** Entry id → head office redemption id, for the outbox step of the same transaction. */
const linked = new WeakMap<Db, Map<string, string>>();

/** A spending handler notes a debit head office journaled online (chain-spend.ts). */
export function noteOnlineLink(db: Db, entryId: string, redemptionId: string): void {
  const m = linked.get(db) ?? new Map<string, string>();
  m.set(entryId, redemptionId);
  linked.set(db, m);
}

/** The links noted so far (capture-ops.ts turns each into an op naming the redemption). */
export function onlineLinks(db: Db): ReadonlyMap<string, string> {
  return linked.get(db) ?? new Map();
}

/** After the outbox step (entry ids are unique: a link left by a rolled-back call matches nothing). */
export function clearOnlineLinks(db: Db): void {
  linked.delete(db);
}

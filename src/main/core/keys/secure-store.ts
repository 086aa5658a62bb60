import type { Db } from '../db/open-database';
import { readMeta, writeMeta } from '../meta';
import { appendAudit, chainHead, CHAIN_KEYED, LINK_HMAC } from '../audit/chain';
import { wrapLegacyPinHashes } from '../members/pin';
import { reapplyErasures } from '../members/privacy';
import type { CoreKeys } from './derive';
import { KEY_ID_META } from './load-keys';

/**
 * What `openCore` does with the key once migrations have run, every time it opens:
 * 1. starts the keyed audit chain if it has not started (a new store, or the first
 *    open after migration 007): one `audit.chainKeyed` record naming the last unkeyed
 *    (seq, hash), MACed — the SHA-256 history stays linked into the keyed chain;
 * 2. wraps member PIN hashes written before the pepper (members/pin.ts);
 * 3. re-applies the erasure log (a backup put in place before the core opened may hold
 *    members erased since; members/erasure-log.ts).
 * All idempotent: a second open finds nothing to do.
 */
export function secureStore(db: Db, opts: { keys: CoreKeys; now: number; terminalId: string }): void {
  db.transaction(() => {
    const tail = chainHead(db);
    if (tail?.link !== LINK_HMAC) {
      appendAudit(db, {
        at: opts.now,
        terminalId: opts.terminalId,
        actorId: null,
        actorName: null,
        action: CHAIN_KEYED,
        target: null,
        details: { lastUnkeyed: tail ? { seq: tail.seq, hash: tail.hash } : null, keyId: opts.keys.keyId },
      });
    }
    if (readMeta(db, KEY_ID_META) === null) writeMeta(db, KEY_ID_META, opts.keys.keyId);
  }).immediate();
  if (readMeta(db, 'pin_hashes_peppered') !== '1') {
    wrapLegacyPinHashes(db);
    db.transaction(() => writeMeta(db, 'pin_hashes_peppered', '1')).immediate();
  }
  reapplyErasures(db, { now: opts.now, terminalId: opts.terminalId });
}

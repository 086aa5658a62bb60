import { dirname, join } from 'node:path';
import { openDatabase } from '../db/open-database';
import { migrate } from '../db/migrate';
import { AppError } from '../errors';
import { readMeta, writeMeta } from '../meta';
import { appendAudit, chainHead, historyDigestOf, KEY_REPLACED } from '../audit/chain';
import { EXPORTED_HEAD_LABEL } from '../audit/exported-head';
import { adoptRegister } from '../offline/backup/backup-register';
import { backoffAfter } from '../staff/backoff';
import { burnVerifyTime, verifySecret } from '../staff/passwords';
import { findActiveOwner, setFailedAttempts } from '../staff/staff-repo';
import { bindStoreSecurity, storeSidePaths } from './bound-keys';
import { deriveCoreKeys } from './derive';
import { readKeyedJsonUnchecked, writeKeyedJson } from './keyed-json';
import { defaultKeyFilePath, fileKeyStore, newMasterKey, type KeyStore } from './key-store';
import { AuditKeyUnavailableError, KEY_ID_META, loadStoreKeys, type KeyUnavailableReason } from './load-keys';

/**
 * The owner's way out when the store's key is gone (AuditKeyUnavailableError): the store
 * was moved to another computer, the keychain was reset, the key file deleted. Run with
 * the store closed, before `openCore`.
 *
 * Only an active owner with their password may do it, with sign-in's back-off. It makes a
 * new key and appends one `audit.keyReplaced` record, MACed with the new key, naming why,
 * the old and new key ids, the last head, and a SHA-256 digest of every earlier record:
 * those records keep their links but their MACs can no longer be checked here — the digest
 * freezes them as they are now, so an edit after this point still shows. It is loud on
 * purpose: audited, exported to head office with the rest of the chain, and reported by
 * `audit:verify` (`macVerifiedFrom`). Files MACed with the old key are adopted as they are
 * (the exported head, the backup register) and MACed again with the new one.
 *
 * Refused when the key is in fact available: there is nothing to replace, and a replace
 * on demand would be a way to launder edits.
 */
export interface ReplaceKeyOptions {
  dbPath: string;
  keyStore?: KeyStore;
  username: string;
  password: string;
  now?: () => number;
  /** Defaults to `<db folder>/backups`, like openCore. */
  backupDir?: string;
}

export interface ReplaceKeyOutcome {
  reason: KeyUnavailableReason;
  previousKeyId: string | null;
  keyId: string;
  replacedAtSeq: number;
  adoptedBackupEntries: number;
}

const wrongCredentials = () =>
  new AppError('UNAUTHENTICATED', 'Only the owner, with their password, can replace the audit key');

export function replaceAuditKey(opts: ReplaceKeyOptions): ReplaceKeyOutcome {
  const now = (opts.now ?? Date.now)();
  const keyStore = opts.keyStore ?? fileKeyStore(defaultKeyFilePath(opts.dbPath));
  const db = openDatabase(opts.dbPath);
  try {
    migrate(db);
    let reason: KeyUnavailableReason;
    try {
      loadStoreKeys(db, keyStore);
      throw new AppError('CONFLICT', 'The audit key is available: there is nothing to replace');
    } catch (err) {
      if (!(err instanceof AuditKeyUnavailableError)) throw err;
      reason = err.reason;
    }
    const owner = findActiveOwner(db, opts.username);
    if (!owner) {
      burnVerifyTime(10);
      throw wrongCredentials();
    }
    if (owner.locked_until > now) {
      throw new AppError('LOCKED', 'Too many failed attempts: try again later', {
        retryAfterMs: owner.locked_until - now,
      });
    }
    if (!verifySecret(opts.password, owner.password_hash)) {
      const failed = owner.failed_attempts + 1;
      const backoff = backoffAfter(failed);
      setFailedAttempts(db, owner.id, failed, backoff > 0 ? now + backoff : 0);
      throw wrongCredentials();
    }

    const previousKeyId = readMeta(db, KEY_ID_META);
    const historyDigest = historyDigestOf(db);
    const lastHead = chainHead(db);
    const master = newMasterKey();
    const keys = deriveCoreKeys(master);
    const side = storeSidePaths(opts.dbPath);
    // The key first: a crash before the database commit leaves a key the store does not
    // expect yet (mismatch), and the owner simply runs this again.
    keyStore.write(master);
    bindStoreSecurity(db, { keys, ...side });
    let replacedAtSeq = 0;
    db.transaction(() => {
      replacedAtSeq = appendAudit(db, {
        at: now,
        terminalId: readMeta(db, 'terminal_id') ?? '',
        actorId: owner.id,
        actorName: owner.username,
        action: KEY_REPLACED,
        target: null,
        details: {
          reason,
          previousKeyId,
          keyId: keys.keyId,
          lastHead: lastHead ? { seq: lastHead.seq, hash: lastHead.hash } : null,
          historyDigest,
        },
      }).seq;
      writeMeta(db, KEY_ID_META, keys.keyId);
      setFailedAttempts(db, owner.id, 0, 0);
    }).immediate();

    const headFile = side.exportedHeadPath ? readKeyedJsonUnchecked<unknown>(side.exportedHeadPath) : null;
    if (headFile !== null) writeKeyedJson(side.exportedHeadPath!, keys.files, EXPORTED_HEAD_LABEL, headFile);
    const adoptedBackupEntries = adoptRegister(opts.backupDir ?? join(dirname(opts.dbPath), 'backups'), keys.files);
    return { reason, previousKeyId, keyId: keys.keyId, replacedAtSeq, adoptedBackupEntries };
  } finally {
    db.close();
  }
}

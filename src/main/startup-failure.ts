import { IntegrityError } from './core/open-core';
import { NewerDatabaseError } from './core/db/migrate';
import { mainTexts, type MainTexts } from './main-texts';

/**
 * Turns a failure to open the store into what the dialog says, in the language of
 * `texts` (main-texts.ts; English before the store is open). Pure, so every branch is
 * tested without Electron.
 */
export interface StartupFailure {
  kind: 'integrity' | 'newer-database' | 'native-module' | 'other';
  title: string;
  message: string;
  /** The dialog offers "Restore latest backup" (see restore-latest-backup.ts). */
  offerRestore: boolean;
}

export function describeStartupFailure(
  err: unknown,
  dbPath: string,
  texts: MainTexts = mainTexts('en'),
): StartupFailure {
  if (err instanceof IntegrityError) {
    return { kind: 'integrity', ...texts.startup.integrity(dbPath, err.problems), offerRestore: true };
  }
  if (err instanceof NewerDatabaseError) {
    return {
      kind: 'newer-database',
      ...texts.startup.newerDatabase(err.found, err.supported),
      offerRestore: false,
    };
  }
  const text = err instanceof Error ? err.message : String(err);
  // better-sqlite3 13 is a Node-API addon: one prebuilt .node per platform and arch serves
  // Node and every Electron version, so a load failure means the file for this platform is
  // missing or damaged (an unsupported platform, an interrupted install), not an ABI mismatch.
  if (/better[-_]sqlite3|\.node\b|NODE_MODULE_VERSION|ERR_DLOPEN_FAILED/i.test(text)) {
    return {
      kind: 'native-module',
      ...texts.startup.nativeModule(`${process.platform}-${process.arch}`, text.slice(0, 400)),
      offerRestore: false,
    };
  }
  return { kind: 'other', ...texts.startup.other(text.slice(0, 600)), offerRestore: false };
}

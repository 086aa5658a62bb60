import { IntegrityError } from './core/open-core';
import { NewerDatabaseError } from './core/db/migrate';

/**
 * Turns a failure to open the store into what the dialog says. Pure, so every
 * branch is tested without Electron.
 */
export interface StartupFailure {
  kind: 'integrity' | 'newer-database' | 'native-module' | 'other';
  title: string;
  message: string;
  /** The dialog offers "Restore latest backup" (see restore-latest-backup.ts). */
  offerRestore: boolean;
}

export function describeStartupFailure(err: unknown, dbPath: string): StartupFailure {
  if (err instanceof IntegrityError) {
    return {
      kind: 'integrity',
      title: 'The PerkDesk database is damaged',
      message:
        `The database at ${dbPath} failed its integrity check, so PerkDesk will not use it.\n\n` +
        `${err.problems.slice(0, 3).join('\n')}\n\n` +
        'Restore the latest backup, or quit and contact support. The damaged file is kept as it is.',
      offerRestore: true,
    };
  }
  if (err instanceof NewerDatabaseError) {
    return {
      kind: 'newer-database',
      title: 'A newer PerkDesk made this database',
      message: err.message,
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
      title: 'PerkDesk could not load its database engine',
      message:
        `better-sqlite3 has no working prebuilt engine for ${process.platform}-${process.arch}. ` +
        'Reinstall with `npm ci` (the package ships one for Linux, macOS and Windows on x64 and arm64); ' +
        'a packaged app must be rebuilt for this platform.\n\n' +
        text.slice(0, 400),
      offerRestore: false,
    };
  }
  return {
    kind: 'other',
    title: 'PerkDesk could not open its database',
    message: text.slice(0, 600),
    offerRestore: false,
  };
}

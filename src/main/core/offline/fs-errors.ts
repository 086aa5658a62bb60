import { AppError, refusal } from '../errors';

/**
 * Turns a file-system failure into a message a manager can act on. The refusal names
 * the kind of failure; the errno code and the folder go into details so the UI and
 * tests can tell "full" from "read-only".
 */
export function fileSystemError(err: unknown, what: string, folder: string): AppError {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? 'UNKNOWN';
  const kind =
    code === 'ENOENT'
      ? 'folderMissing'
      : code === 'ENOTDIR'
        ? 'notAFolder'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'folderReadOnly'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'diskFull'
            : 'fileSystemError';
  const reason =
    code === 'ENOENT'
      ? `the folder ${folder} does not exist (is the drive plugged in?)`
      : code === 'ENOTDIR'
        ? `${folder} is not a folder`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `PerkDesk may not write to ${folder} (read-only or no permission)`
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? `the disk holding ${folder} is full`
            : `the file system refused (${code})`;
  return refusal(kind, { fsCode: code, folder }, { message: `${what} failed: ${reason}. Nothing was changed.` });
}

/** Node's errno-style errors (ENOSPC, EACCES...), not SQLite's SQLITE_* codes. */
export function isFsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && !(err instanceof AppError);
}

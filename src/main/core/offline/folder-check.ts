import { randomBytes } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSystemError } from './fs-errors';

/**
 * A folder we are about to rely on: it exists, is a folder, and we can create (and
 * remove) a file in it. Throws the same clear CONFLICT errors the export would.
 */
export function assertWritableFolder(dir: string, what: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw fileSystemError(err, what, dir);
  }
  if (!isDir) throw fileSystemError({ code: 'ENOTDIR' }, what, dir);
  const probe = join(dir, `.perkdesk-write-test-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, 'ok', { flag: 'wx' });
  } catch (err) {
    throw fileSystemError(err, what, dir);
  } finally {
    rmSync(probe, { force: true });
  }
}

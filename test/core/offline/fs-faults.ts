import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real file-system faults for the export/backup tests: a tiny tmpfs that fills up
 * (ENOSPC) and a read-only mount (EROFS). chmod is no use here: the tests may run as
 * root, which ignores permissions. Mounting needs root (or CAP_SYS_ADMIN); where it
 * is not possible these return null and the tests that need them are skipped.
 */
export interface Mounted {
  path: string;
  unmount(): void;
}

function tryMount(options: string): Mounted | null {
  const path = mkdtempSync(join(tmpdir(), 'pd-fault-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return null;
  }
  return {
    path,
    unmount() {
      try {
        execFileSync('umount', [path], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** A folder on a 64 KiB file system: the first large write fails with ENOSPC. */
export const mountTinyFolder = (): Mounted | null => tryMount('size=64k');
/** A folder nobody can write to, not even root. */
export const mountReadOnlyFolder = (): Mounted | null => tryMount('ro,size=64k');

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Real file-system faults for the export/backup tests: a tiny tmpfs that fills up
 * (ENOSPC) and a read-only mount (EROFS). chmod is no use here: the tests may run as
 * root, which ignores permissions. Mounting needs root (or CAP_SYS_ADMIN): where it is
 * not possible, the tests that need it call `skipUnlessMountable` first and are reported
 * as skipped with the reason (never as passed); under CI (which runs as root) that is a
 * failure instead, so the fault tests cannot silently stop running there.
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

function mustMount(options: string): Mounted {
  const m = tryMount(options);
  if (!m) throw new Error(`mount -t tmpfs -o ${options} failed: ${CANNOT_MOUNT}`);
  return m;
}

/** A folder on a 64 KiB file system: the first large write fails with ENOSPC. */
export const mountTinyFolder = (): Mounted => mustMount('size=64k');
/** A folder nobody can write to, not even root. */
export const mountReadOnlyFolder = (): Mounted => mustMount('ro,size=64k');

const CANNOT_MOUNT = 'this machine cannot mount a tmpfs (needs root or CAP_SYS_ADMIN)';
const canMountTmpfs = (() => {
  const probe = tryMount('size=64k');
  probe?.unmount();
  return probe !== null;
})();

/** First line of a test that needs the mounts above: skipped with the reason, failed under CI. */
export function skipUnlessMountable(ctx: { skip(condition: boolean, note?: string): void }) {
  if (process.env.CI) expect(canMountTmpfs, `${CANNOT_MOUNT}; CI must run the file-system fault tests`).toBe(true);
  ctx.skip(!canMountTmpfs, CANNOT_MOUNT);
}

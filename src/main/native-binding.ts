import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 compiled for Electron's ABI lives apart from node_modules, so that
 * `npm test` (plain Node) and `npm start` (Electron) can share one checkout:
 *  - development: `.electron-native/` at the project root, built by scripts/start-app.mjs
 *    (keep ELECTRON_NATIVE_LAYOUT in sync with that script; a test checks it);
 *  - packaged: copied by electron-builder's extraResources to `<resources>/native/`,
 *    outside the asar because a .node file can't be dlopen()ed from inside one.
 */
export const ELECTRON_NATIVE_LAYOUT = ['.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release'];
export const NATIVE_FILE = 'better_sqlite3.node';
export const PACKAGED_NATIVE_DIR = 'native';

export function nativeBindingCandidates(opts: {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
}): string[] {
  if (opts.isPackaged) return [join(opts.resourcesPath, PACKAGED_NATIVE_DIR, NATIVE_FILE)];
  return [join(opts.appPath, ...ELECTRON_NATIVE_LAYOUT, NATIVE_FILE)];
}

/**
 * The Electron-ABI binding to pass to better-sqlite3, or undefined to let it load its
 * own build from node_modules (which fails under Electron with a NODE_MODULE_VERSION
 * message that `describeStartupFailure` turns into advice).
 */
export function findNativeBinding(
  opts: { isPackaged: boolean; appPath: string; resourcesPath: string },
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  return nativeBindingCandidates(opts).find((p) => exists(p));
}

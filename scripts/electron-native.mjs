/**
 * better-sqlite3 built for Electron's ABI, kept apart from node_modules (shared by
 * scripts/start-app.mjs and its tests).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MINUTE = 60_000;

// Keep in sync with ELECTRON_NATIVE_LAYOUT in src/main/native-binding.ts (a test checks).
export const NATIVE_ROOT = join(ROOT, '.electron-native');
export const NATIVE_PKG = join(NATIVE_ROOT, 'node_modules', 'better-sqlite3');
export const NATIVE_FILE = join(NATIVE_PKG, 'build', 'Release', 'better_sqlite3.node');
export const NATIVE_STAMP = join(NATIVE_ROOT, 'build-info.json');

/**
 * npm passes its config to scripts as npm_config_* variables. On some machines that
 * includes `nodedir`, which makes node-gyp silently compile against Node's headers
 * even when asked for Electron's — a "successful" build that can't load in Electron.
 * Child builds get a clean environment instead.
 */
export function cleanBuildEnv(source = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(source)) {
    if (/^npm_config_/i.test(k) || /^npm_package_/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/**
 * Loads the freshly built .node in plain Node. It MUST fail with a NODE_MODULE_VERSION
 * mismatch naming Electron's ABI; if it loads, node-gyp built it for Node (the trap
 * described in cleanBuildEnv) and Electron would refuse it.
 */
export function checkBuiltForElectron(file, abi) {
  const probe = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`], {
    encoding: 'utf8',
    timeout: MINUTE,
  });
  const text = `${probe.stdout}\n${probe.stderr}`;
  if (probe.status === 0) return `it loads in Node ${process.version}, so it was built for Node, not Electron`;
  const m = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(text);
  if (!m) return `it does not load at all:\n${text.trim().slice(0, 600)}`;
  if (m[1] !== abi) return `it was built for NODE_MODULE_VERSION ${m[1]}, but Electron needs ${abi}`;
  return null;
}

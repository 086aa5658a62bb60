#!/usr/bin/env node
/**
 * `pretest`: make sure node_modules/better-sqlite3 loads in THIS Node before the tests
 * run. `npm start` never touches it (the Electron build lives in .electron-native/),
 * but an interrupted install, a Node upgrade or a tool like electron-rebuild can leave
 * a build for the wrong ABI. Only then is it rebuilt (`npm rebuild better-sqlite3`,
 * about a minute); a healthy install costs one child process.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loads the module in a child: a crash or ABI error there can't take this script down. */
function probe() {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      "const D = require('better-sqlite3'); const db = new D(':memory:'); db.prepare('select 1').get(); db.close();",
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  return { ok: r.status === 0, detail: `${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() };
}

const first = probe();
if (first.ok) process.exit(0);

console.warn(`[pretest] better-sqlite3 does not load in Node ${process.version}:`);
console.warn(first.detail.split('\n').slice(0, 4).join('\n'));
console.warn('[pretest] rebuilding it for this Node: npm rebuild better-sqlite3');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], {
  cwd: ROOT,
  stdio: 'inherit',
  timeout: 15 * 60_000,
  shell: process.platform === 'win32',
});
const second = probe();
if (rebuilt.status !== 0 || !second.ok) {
  console.error('[pretest] better-sqlite3 still does not load; the tests cannot run.');
  console.error(second.detail.split('\n').slice(0, 6).join('\n'));
  process.exit(1);
}
console.warn('[pretest] better-sqlite3 rebuilt for Node');

#!/usr/bin/env node
/**
 * `npm run lint:electron`: Doyensec's electronegativity over the Electron-facing
 * sources (src/ and package.json, staged in a temp folder so node_modules, out/ and
 * test fixtures are not scanned). Prints every finding; fails on HIGH or CRITICAL.
 *
 * Runs offline: its two network steps (translations, and Electron's release list for
 * the "available security fixes" check) are answered "offline" at once by a stub of
 * `got` preloaded into its process, and the Electron version is passed explicitly from
 * node_modules/electron. (On Node 24, got 11's retry after a failed request throws
 * from a timer — "The `onCancel` handler was attached after the promise settled" — and
 * kills the process, so failing soft is not enough: the request must never start.)
 *
 * Accepted findings (not failures), reviewed:
 *  - PRELOAD_JS_CHECK (MEDIUM, "review the use of preload scripts"): we use one on
 *    purpose; it is sandboxed and exposes only the allow-listed bridge.
 *  - CSP_GLOBAL_CHECK (LOW): style-src 'unsafe-inline' for React inline styles; scripts
 *    stay 'self' only.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const FAIL_ON = new Set(['HIGH', 'CRITICAL']);
// `--src DIR` scans another source folder (used to prove the gate fails on a bad window).
const srcFlag = process.argv.indexOf('--src');
const SRC = srcFlag > 0 ? process.argv[srcFlag + 1] : join(ROOT, 'src');

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const pkgDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const bin = join(pkgDir, JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).bin.electronegativity);

/** Preloaded into electronegativity: every `got` call rejects at once, as with no network. */
const OFFLINE_GOT = `
const Module = require('node:module');
const load = Module._load;
const offline = () => Promise.reject(new Error('offline: electronegativity runs without network here'));
for (const m of ['get', 'head', 'post', 'extend']) offline[m] = offline;
Module._load = function (request, ...rest) {
  return request === 'got' ? offline : load.call(this, request, ...rest);
};
`;

const stage = mkdtempSync(join(tmpdir(), 'perkdesk-electronegativity-'));
try {
  cpSync(SRC, join(stage, 'src'), {
    recursive: true,
    filter: (src) => !relative(SRC, src).split(sep).includes('node_modules'),
  });
  cpSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
  const csv = join(stage, 'electronegativity.csv');
  const offline = join(stage, 'offline-got.cjs');
  writeFileSync(offline, OFFLINE_GOT);
  const r = spawnSync(
    process.execPath,
    ['--require', offline, bin, '-i', stage, '-r', '-e', electronVersion, '-o', csv, '-v', 'false'],
    {
      cwd: stage,
      encoding: 'utf8',
      timeout: 5 * 60_000,
    },
  );
  if (r.status !== 0) {
    console.error(`electronegativity did not run (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
    process.exit(2);
  }
  let text;
  try {
    text = readFileSync(csv, 'utf8');
  } catch {
    console.error(`electronegativity produced no report:\n${r.stdout}\n${r.stderr}`);
    process.exit(2);
  }
  const findings = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^([A-Z0-9_]+),"([A-Z]+)","([A-Z]+)","([^"]*)","([^"]*)"/.exec(line);
    if (m) findings.push({ check: m[1], severity: m[2], confidence: m[3], file: m[4], at: m[5] });
  }
  for (const f of findings) {
    const mark = FAIL_ON.has(f.severity) ? 'FAIL' : 'ok  ';
    console.log(`${mark} ${f.severity.padEnd(13)} ${f.check.padEnd(40)} ${f.file}:${f.at}`);
  }
  const failing = findings.filter((f) => FAIL_ON.has(f.severity));
  console.log(
    `electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${failing.length} high/critical`,
  );
  process.exit(failing.length > 0 ? 1 : 0);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

#!/usr/bin/env node
/**
 * `npm start` / `npm run dev`: gets a checkout from `npm ci` to a running PerkDesk.
 *
 *   1. the Electron binary: fetched by electron's own installer if missing;
 *   2. better-sqlite3 for Electron's ABI, built into .electron-native/ — a COPY of the
 *      package, so node_modules/better-sqlite3 keeps its Node build and `npm test`
 *      still works afterwards (src/main/native-binding.ts loads the copy's .node);
 *   3. `electron-vite build` (or `electron-vite dev` with --dev);
 *   4. launches Electron on the project.
 *
 * Flags: --dev (vite dev server + HMR), --no-download (never fetch Electron; fail
 * instead), --prepare-only (steps 1–3, don't launch).
 * Needs the network the first time (Electron binary, Electron headers or a prebuilt
 * better-sqlite3). Every step fails with a plain message instead of hanging.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NATIVE_FILE,
  NATIVE_PKG,
  NATIVE_ROOT,
  NATIVE_STAMP,
  checkBuiltForElectron,
  cleanBuildEnv,
} from './electron-native.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const args = new Set(process.argv.slice(2));
const DEV = args.has('--dev');
const NO_DOWNLOAD = args.has('--no-download');
const PREPARE_ONLY = args.has('--prepare-only');

const HEADERS_URL = process.env.PERKDESK_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';
const MINUTE = 60_000;

function say(message) {
  console.log(`[start] ${message}`);
}

class StartError extends Error {}

function fail(message) {
  throw new StartError(message);
}

function run(label, command, argv, { cwd = ROOT, env = process.env, timeoutMs = 10 * MINUTE } = {}) {
  const shown = command === process.execPath ? 'node' : relative(ROOT, command) || command;
  say(`${label}: ${[shown, ...argv.map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a))].join(' ')}`);
  const r = spawnSync(command, argv, { cwd, env, stdio: 'inherit', timeout: timeoutMs });
  if (r.error?.code === 'ETIMEDOUT') return { ok: false, why: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `exit code ${r.status ?? r.signal}` };
  return { ok: true };
}

// ---------------------------------------------------------------- 1. Electron binary

function electronInfo() {
  const dir = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim();
  const platformPath = existsSync(join(dir, 'path.txt'))
    ? readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    : { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] || 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, platformPath) : join(dir, 'dist', platformPath);
  return { dir, version, abi, binary };
}

function ensureElectronBinary() {
  let info = electronInfo();
  if (existsSync(info.binary)) {
    say(`Electron ${info.version} binary present`);
    return info;
  }
  const howToFix =
    'PerkDesk needs the Electron binary, which is downloaded once (about 100 MB) from the Electron ' +
    'release host (or ELECTRON_MIRROR). Run this on a machine with that access, or put an unpacked ' +
    `Electron ${info.version} somewhere and set ELECTRON_OVERRIDE_DIST_PATH to its folder.`;
  if (NO_DOWNLOAD)
    fail(`The Electron ${info.version} binary is missing (${info.binary}) and --no-download was given.\n${howToFix}`);
  const r = run('fetching Electron', process.execPath, [join(info.dir, 'install.js')], { timeoutMs: 15 * MINUTE });
  info = electronInfo();
  if (!r.ok || !existsSync(info.binary)) {
    fail(
      `Could not fetch the Electron ${info.version} binary (${r.ok ? 'nothing was installed' : r.why}).\n${howToFix}`,
    );
  }
  return info;
}

// ------------------------------------------- 2. better-sqlite3 for Electron's ABI

function readStamp() {
  try {
    return JSON.parse(readFileSync(NATIVE_STAMP, 'utf8'));
  } catch {
    return null;
  }
}

function ensureElectronSqlite(electron) {
  const sourcePkg = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(sourcePkg, 'package.json'), 'utf8'));
  const want = {
    electron: electron.version,
    abi: electron.abi,
    betterSqlite3: version,
    platform: process.platform,
    arch: process.arch,
  };
  const have = readStamp();
  if (have && existsSync(NATIVE_FILE) && Object.entries(want).every(([k, v]) => have[k] === v)) {
    say(`better-sqlite3 ${version} for Electron ${electron.version} already built in .electron-native/`);
    return;
  }

  say(`building better-sqlite3 ${version} for Electron ${electron.version} (ABI ${electron.abi}) in .electron-native/`);
  rmSync(NATIVE_ROOT, { recursive: true, force: true });
  mkdirSync(dirname(NATIVE_PKG), { recursive: true });
  // Copy without its build/ folder: node_modules/better-sqlite3 itself is never touched.
  cpSync(sourcePkg, NATIVE_PKG, {
    recursive: true,
    filter: (src) => {
      const rel = relative(sourcePkg, src);
      return (
        rel !== 'build' &&
        !rel.startsWith(`build${sep}`) &&
        rel !== 'node_modules' &&
        !rel.startsWith(`node_modules${sep}`)
      );
    },
  });

  const env = cleanBuildEnv();
  const common = { cwd: NATIVE_PKG, env };
  // A prebuilt binary first (seconds), then a compile against Electron's headers (minutes).
  let built = false;
  try {
    const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
    const r = run(
      'prebuilt better-sqlite3',
      process.execPath,
      [
        prebuild,
        '--runtime=electron',
        `--target=${electron.version}`,
        `--arch=${process.arch}`,
        `--platform=${process.platform}`,
      ],
      { ...common, timeoutMs: 3 * MINUTE },
    );
    built = r.ok && existsSync(NATIVE_FILE) && checkBuiltForElectron(NATIVE_FILE, electron.abi) === null;
  } catch {
    built = false;
  }
  if (!built) {
    const nodeGyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
    const r = run(
      'compiling better-sqlite3',
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${electron.version}`,
        `--arch=${process.arch}`,
        `--dist-url=${HEADERS_URL}`,
      ],
      { ...common, timeoutMs: 20 * MINUTE },
    );
    if (!r.ok || !existsSync(NATIVE_FILE)) {
      fail(
        `Could not build better-sqlite3 for Electron ${electron.version} (${r.ok ? 'no .node produced' : r.why}).\n` +
          `It needs Electron's headers from ${HEADERS_URL} (set PERKDESK_ELECTRON_HEADERS_URL for a mirror) ` +
          'and a C++ toolchain (python3, make, g++ / Xcode CLT / Visual Studio Build Tools).',
      );
    }
  }
  const problem = checkBuiltForElectron(NATIVE_FILE, electron.abi);
  if (problem) {
    rmSync(NATIVE_ROOT, { recursive: true, force: true });
    fail(
      `The better-sqlite3 build in .electron-native/ is unusable: ${problem}. Removed it; nothing in node_modules changed.`,
    );
  }
  writeFileSync(NATIVE_STAMP, `${JSON.stringify({ ...want, builtAt: new Date().toISOString() }, null, 2)}\n`);
  say('better-sqlite3 for Electron ready');
}

// ------------------------------------------------------------- 3–4. build, launch

function electronViteBin() {
  const dir = dirname(require.resolve('electron-vite/package.json'));
  return join(dir, 'bin', 'electron-vite.js');
}

function launch(command, argv, env) {
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`[start] could not launch: ${err.message}`);
    process.exit(1);
  });
}

function main() {
  const electron = ensureElectronBinary();
  ensureElectronSqlite(electron);
  // Electron must never be told to behave as Node here: RunAsNode is fused off when
  // packaged, but a developer's shell might still have the variable set.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (DEV) {
    if (PREPARE_ONLY) return say('prepared (dev mode builds on launch)');
    return launch(process.execPath, [electronViteBin(), 'dev'], env);
  }
  const built = run('building', process.execPath, [electronViteBin(), 'build']);
  if (!built.ok) fail(`electron-vite build failed (${built.why}).`);
  if (PREPARE_ONLY) return say('prepared; not launching (--prepare-only)');
  delete env.ELECTRON_RENDERER_URL;
  say(`launching ${relative(ROOT, electron.binary) || electron.binary}`);
  launch(electron.binary, ['.'], env);
}

try {
  main();
} catch (err) {
  if (err instanceof StartError) {
    console.error(`\n[start] PerkDesk cannot start: ${err.message}\n`);
    console.error('[start] Tests do not need any of this: `npm test` runs the core in Node and the UI in Chromium.');
    process.exit(1);
  }
  throw err;
}

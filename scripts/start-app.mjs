#!/usr/bin/env node
/**
 * `npm start` / `npm run dev`: gets a checkout from `npm ci` to a running PerkDesk.
 *
 *   1. the Electron binary: fetched once by Electron's own installer if missing
 *      (or taken from ELECTRON_OVERRIDE_DIST_PATH);
 *   2. on Linux, a check that Electron's sandbox can start (scripts/linux-sandbox.mjs);
 *   3. `electron-vite build` (or `electron-vite dev` with --dev);
 *   4. launches Electron on the project.
 *
 * Nothing is compiled: better-sqlite3 13 is a Node-API addon whose npm package carries
 * prebuilt binaries for Linux, macOS and Windows on x64 and arm64, and one `.node`
 * serves Node (the tests) and Electron (the app).
 *
 * Flags: --dev (vite dev server + HMR), --no-download (never fetch Electron; fail
 * instead), --prepare-only (steps 1–3, don't launch).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnoseLinuxSandbox, readSandboxFacts } from './linux-sandbox.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const args = new Set(process.argv.slice(2));
const DEV = args.has('--dev');
const NO_DOWNLOAD = args.has('--no-download');
const PREPARE_ONLY = args.has('--prepare-only');
const MINUTE = 60_000;

function say(message) {
  console.log(`[start] ${message}`);
}

class StartError extends Error {}

function fail(message) {
  throw new StartError(message);
}

function run(label, command, argv, { timeoutMs = 10 * MINUTE } = {}) {
  const shown = command === process.execPath ? 'node' : relative(ROOT, command) || command;
  say(`${label}: ${[shown, ...argv.map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a))].join(' ')}`);
  const r = spawnSync(command, argv, { cwd: ROOT, stdio: 'inherit', timeout: timeoutMs });
  if (r.error?.code === 'ETIMEDOUT') return { ok: false, why: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `exit code ${r.status ?? r.signal}` };
  return { ok: true };
}

// ---------------------------------------------------------------- 1. Electron binary

function electronInfo() {
  const dir = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const platformPath = existsSync(join(dir, 'path.txt'))
    ? readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    : { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] || 'electron';
  // The same rule as electron's own index.js (and so `electron-vite dev`).
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, platformPath) : join(dir, 'dist', platformPath);
  return { dir, version, binary, override };
}

function ensureElectronBinary() {
  let info = electronInfo();
  if (existsSync(info.binary)) {
    say(`Electron ${info.version} binary present`);
    return info;
  }
  const howToFix =
    `PerkDesk needs the Electron ${info.version} binary, downloaded once (about 100 MB) from ` +
    "Electron's release host on GitHub (set ELECTRON_MIRROR for a mirror, or HTTPS_PROXY for a proxy). " +
    `Run \`npm start\` on a machine with that access, or unpack Electron ${info.version} for ` +
    `${process.platform}-${process.arch} somewhere and set ELECTRON_OVERRIDE_DIST_PATH to its folder.`;
  if (info.override) fail(`No Electron binary at ${info.binary} (ELECTRON_OVERRIDE_DIST_PATH).\n${howToFix}`);
  if (NO_DOWNLOAD)
    fail(`The Electron ${info.version} binary is missing (${info.binary}) and --no-download was given.\n${howToFix}`);
  const r = run('fetching Electron', process.execPath, [join(info.dir, 'install.js')], { timeoutMs: 15 * MINUTE });
  info = electronInfo();
  if (!r.ok || !existsSync(info.binary)) {
    fail(
      `Could not download the Electron ${info.version} binary (${r.ok ? 'nothing was installed' : r.why}).\n${howToFix}`,
    );
  }
  return info;
}

// ------------------------------------------------------------- 2. Linux sandbox

function checkSandbox(electron) {
  const problem = diagnoseLinuxSandbox(readSandboxFacts(electron.binary));
  if (problem) fail(problem);
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
  checkSandbox(electron);
  // Electron must never be told to behave as Node here: RunAsNode is fused off when
  // packaged, but a developer's shell might still have the variable set.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (DEV) {
    if (PREPARE_ONLY) return say('prepared (dev mode builds on launch)');
    // electron-vite finds Electron through ELECTRON_EXEC_PATH: the binary chosen above,
    // so ELECTRON_OVERRIDE_DIST_PATH works in dev mode too.
    return launch(process.execPath, [electronViteBin(), 'dev'], { ...env, ELECTRON_EXEC_PATH: electron.binary });
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

/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this CommonJS file with require() */
/**
 * electron-builder configuration for `npm run package`.
 *
 * Before packaging, `node scripts/start-app.mjs --prepare-only` must have built
 * better-sqlite3 for Electron's ABI into .electron-native/ (beforePack checks). That
 * file ships OUTSIDE the asar as resources/native/better_sqlite3.node — a .node can't
 * be dlopen()ed from inside an archive — and src/main/native-binding.ts loads it.
 *
 * npmRebuild is OFF on purpose: electron-builder would otherwise rebuild
 * node_modules/better-sqlite3 in place for Electron, and `npm test` (plain Node) would
 * stop working on the same checkout.
 *
 * After packing, the Electron fuses are flipped (see FUSES) before any signing step.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const NATIVE_DIR = join('.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release');
const NATIVE_FILE = join(NATIVE_DIR, 'better_sqlite3.node');
const NATIVE_STAMP = join('.electron-native', 'build-info.json');

/**
 * Fuse settings by @electron/fuses' FuseV1Options index (0–8), named here so the file
 * reads without the enum. Every known fuse is set explicitly.
 */
const FUSES = {
  RunAsNode: false, // ELECTRON_RUN_AS_NODE can't turn the app into a plain Node
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS can't inject code
  EnableNodeCliInspectArguments: false, // --inspect can't attach a debugger
  EnableEmbeddedAsarIntegrityValidation: true, // a modified app.asar refuses to load
  OnlyLoadAppFromAsar: true, // no loose app/ folder next to the asar is honoured
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false, // we serve app://, file:// needs no extras
  WasmTrapHandlers: true, // Electron's default
};

/** Path of the packed Electron executable that carries the fuse wire. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

async function flipFusesAfterPack(context) {
  const { flipFuses, FuseV1Options, FuseVersion } = await import('@electron/fuses');
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  // Flipping fuses invalidates an ad-hoc signature on Apple silicon; re-sign it.
  // electron-builder's Arch enum: arm64 = 3.
  config.resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3;
  await flipFuses(electronBinaryPath(context), config);
}

function requireElectronNativeBuild() {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  let stamp = null;
  try {
    stamp = JSON.parse(readFileSync(NATIVE_STAMP, 'utf8'));
  } catch {
    stamp = null;
  }
  if (!existsSync(NATIVE_FILE) || !stamp || stamp.electron !== electronVersion) {
    throw new Error(
      `No better-sqlite3 build for Electron ${electronVersion} in .electron-native/. ` +
        'Run `node scripts/start-app.mjs --prepare-only` first (needs network once).',
    );
  }
}

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.perkdesk.terminal',
  productName: 'PerkDesk',
  executableName: 'perkdesk',
  copyright: 'PerkDesk',
  directories: { output: 'release', buildResources: 'resources' },
  files: [
    'out/**',
    'package.json',
    'resources/**',
    // The Node-ABI build and the C sources of better-sqlite3 are useless in the app.
    '!node_modules/better-sqlite3/{build,deps,src}/**',
    '!**/*.{map,md,ts,tsx}',
  ],
  asar: true,
  // Anything native that does end up in the app must live outside the archive.
  asarUnpack: ['**/*.node'],
  extraResources: [{ from: NATIVE_FILE, to: join('native', 'better_sqlite3.node') }],
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  icon: 'resources/icon.png',
  linux: { target: ['AppImage'], category: 'Office' },
  win: { target: ['nsis'] },
  mac: { target: ['dmg'], category: 'public.app-category.business', hardenedRuntime: true },
  beforePack: async () => requireElectronNativeBuild(),
  afterPack: flipFusesAfterPack,
};

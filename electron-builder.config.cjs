/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this CommonJS file with require() */
/**
 * electron-builder configuration for `npm run package`.
 *
 * better-sqlite3 13 is a Node-API addon: its npm package carries one prebuilt `.node` per
 * platform and arch (prebuilds/<platform>-<arch>.node), and the same file loads in Node
 * and in every Electron. So nothing is rebuilt: the package ships node_modules' own copy
 * for the target (beforePack checks it is there), unpacked from the asar because a .node
 * can't be dlopen()ed from inside an archive.
 *
 * Linux gets a .deb besides the AppImage: the .deb's install script sets chrome-sandbox
 * up (root, 4755) where user namespaces are unavailable and installs an AppArmor profile
 * (Ubuntu 24.04+), so the sandbox starts without --no-sandbox.
 *
 * After packing, the Electron fuses are flipped (see FUSES) before any signing step.
 */
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

const SQLITE_PREBUILDS = join(dirname(require.resolve('better-sqlite3/package.json')), 'prebuilds');

/** electron-builder's Arch enum (builder-util): the index is what hooks receive. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

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

/**
 * The prebuilt better-sqlite3 engines a target needs (a universal macOS app needs both).
 * Linux also ships the musl build, which better-sqlite3 picks on Alpine-like systems.
 */
function prebuildsFor(platform, arch) {
  const archs = arch === 'universal' ? ['x64', 'arm64'] : [arch];
  const names = archs.map((a) => `${platform}-${a}.node`);
  if (platform === 'linux') names.push(...archs.map((a) => `linuxmusl-${a}.node`));
  return names;
}

/** Refuses to package for a platform/arch better-sqlite3 ships no engine for. */
function requireSqlitePrebuild(context, prebuildsDir = SQLITE_PREBUILDS) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const missing = prebuildsFor(platform, arch).filter((name) => !existsSync(join(prebuildsDir, name)));
  if (missing.length > 0) {
    throw new Error(
      `better-sqlite3 ships no prebuilt engine for ${platform}-${arch} (missing ${missing.join(', ')} in ` +
        `${prebuildsDir}). PerkDesk packages only for linux, darwin and win32 on x64 and arm64.`,
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
    // better-sqlite3's C sources are useless in the app; of its prebuilt engines only the
    // target's are shipped (${platform}/${arch} are electron-builder's file macros).
    '!node_modules/better-sqlite3/{build,deps,src,binding.gyp}/**',
    '!node_modules/better-sqlite3/prebuilds/**',
    'node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node',
    '!**/*.{map,md,ts,tsx}',
  ],
  asar: true,
  // Anything native that does end up in the app must live outside the archive.
  asarUnpack: ['**/*.node'],
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  icon: 'resources/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    files: ['node_modules/better-sqlite3/prebuilds/linuxmusl-${arch}.node'],
  },
  win: { target: ['nsis'] },
  mac: { target: ['dmg'], category: 'public.app-category.business', hardenedRuntime: true },
  beforePack: async (context) => requireSqlitePrebuild(context),
  afterPack: flipFusesAfterPack,
};

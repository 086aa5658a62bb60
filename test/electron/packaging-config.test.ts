import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { ELECTRON_NATIVE_LAYOUT, NATIVE_FILE, findNativeBinding } from '../../src/main/native-binding';

/**
 * Packaging can't run here (no Electron binary), so the configuration is checked
 * instead: electron-builder's own schema validation, the asar/native settings, and the
 * afterPack hook flipping fuses on a stand-in binary that carries a real fuse wire.
 */
const require = createRequire(import.meta.url);
type BuilderConfig = import('electron-builder').Configuration & {
  afterPack: (context: unknown) => Promise<void>;
  beforePack: (context: unknown) => Promise<void>;
};
const config = require('../../electron-builder.config.cjs') as BuilderConfig;

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Bytes shaped like an Electron binary's fuse wire: sentinel, version 1, 9 fuses. */
function fakeElectronBinary(path: string) {
  const wire = Buffer.from([1, 9, ...Array(9).fill(FuseState.ENABLE)]);
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      wire,
      Buffer.alloc(4096, 7),
    ]),
  );
}

describe('electron-builder.config.cjs', () => {
  it("passes electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration({ ...config }, new DebugLogger(false))).resolves.toBeUndefined();
    // ...and that validation is real: an unknown key is refused.
    await expect(validateConfiguration({ ...config, fuses: {} } as never, new DebugLogger(false))).rejects.toThrow();
  });

  it('packs the app into an asar, native modules outside it, and never rebuilds node_modules', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.files).toContain('out/**');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
  });

  it('ships the Electron-ABI better-sqlite3 from .electron-native to resources/native, where main looks', () => {
    const extra = config.extraResources as { from: string; to: string }[];
    expect(extra).toHaveLength(1);
    expect(extra[0]!.from).toBe(join(...ELECTRON_NATIVE_LAYOUT, NATIVE_FILE));
    expect(extra[0]!.to).toBe(join('native', NATIVE_FILE));
    const exists = (p: string) => p === join('/opt/PerkDesk/resources', 'native', NATIVE_FILE);
    expect(
      findNativeBinding({ isPackaged: true, appPath: '/x', resourcesPath: '/opt/PerkDesk/resources' }, exists),
    ).toBe(join('/opt/PerkDesk/resources', 'native', NATIVE_FILE));
  });

  it('beforePack refuses to package without an Electron build of better-sqlite3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perkdesk-pack-'));
    temps.push(dir);
    const cwd = process.cwd();
    process.chdir(dir); // no .electron-native here
    try {
      await expect(config.beforePack({})).rejects.toThrow(/scripts\/start-app\.mjs --prepare-only/);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    ['linux', 'perkdesk'],
    ['win32', 'PerkDesk.exe'],
  ])('afterPack flips the fuses on the %s executable', async (platform, file) => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'perkdesk-fuses-'));
    temps.push(appOutDir);
    const binary = join(appOutDir, file);
    fakeElectronBinary(binary);
    await config.afterPack({
      appOutDir,
      electronPlatformName: platform,
      arch: 1,
      packager: { executableName: 'perkdesk', appInfo: { productFilename: 'PerkDesk' } },
    });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
  });
});

describe('the Electron-ABI better-sqlite3 layout', () => {
  it('scripts/electron-native.mjs builds exactly where src/main/native-binding.ts looks', async () => {
    const script = await import('../../scripts/electron-native.mjs');
    const appPath = resolve('.');
    expect(script.NATIVE_FILE).toBe(join(appPath, ...ELECTRON_NATIVE_LAYOUT, NATIVE_FILE));
    expect(
      findNativeBinding({ isPackaged: false, appPath, resourcesPath: '/r' }, (p) => p === script.NATIVE_FILE),
    ).toBe(script.NATIVE_FILE);
    expect(findNativeBinding({ isPackaged: false, appPath, resourcesPath: '/r' }, () => false)).toBeUndefined();
  });
});

describe('electron.vite.config.ts', () => {
  it('inlines the contract channel names into the preload (no zod in the sandboxed bundle)', async () => {
    const { default: viteConfig } = (await import('../../electron.vite.config')) as {
      default: {
        preload: { plugins: { resolveId: (...a: unknown[]) => unknown; load: (...a: unknown[]) => unknown }[] };
      };
    };
    const plugin = viteConfig.preload.plugins[0]!;
    const importer = resolve('src/preload/index.ts');
    const id = plugin.resolveId('./channel-names', importer);
    expect(id).toBeTruthy();
    expect(plugin.resolveId('./create-bridge', importer)).toBeNull();
    expect(plugin.resolveId('zod', importer)).toBeNull();
    const code = plugin.load(id) as string;
    const names = JSON.parse(/Object\.freeze\((.*)\);/s.exec(code)![1]!);
    expect(names).toEqual(CHANNEL_NAMES);
    expect(code).not.toMatch(/\bimport\s|\brequire\(/);
  });

  it('builds the preload as CommonJS (sandboxed preloads cannot be ES modules)', () => {
    const text = readFileSync('electron.vite.config.ts', 'utf8');
    expect(text).toMatch(/format: 'cjs', entryFileNames: '\[name\]\.cjs'/);
  });
});

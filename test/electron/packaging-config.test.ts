import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { CHANNEL_NAMES } from '../../src/shared/contract';

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

  it("ships only the target's prebuilt better-sqlite3 engine, from node_modules, with nothing rebuilt", () => {
    expect(config.extraResources).toBeUndefined();
    const files = config.files as string[];
    expect(files).toContain('!node_modules/better-sqlite3/prebuilds/**');
    expect(files).toContain('node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node');
    expect(files.indexOf('node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node')).toBeGreaterThan(
      files.indexOf('!node_modules/better-sqlite3/prebuilds/**'),
    );
    expect((config.linux as { files: string[] }).files).toEqual([
      'node_modules/better-sqlite3/prebuilds/linuxmusl-${arch}.node',
    ]);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('packages Linux as a .deb (sandbox helper and AppArmor profile set up by the package) and an AppImage', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
  });

  it.each([
    ['linux', 1],
    ['linux', 3],
    ['darwin', 3],
    ['mas', 1],
    ['win32', 1],
    ['win32', 3],
  ])('beforePack finds the better-sqlite3 engine for %s arch #%i in the npm package', async (platform, arch) => {
    await expect(config.beforePack({ electronPlatformName: platform, arch })).resolves.toBeUndefined();
  });

  it('beforePack refuses a target better-sqlite3 has no engine for (32-bit Windows, ARMv7)', async () => {
    await expect(config.beforePack({ electronPlatformName: 'win32', arch: 0 })).rejects.toThrow(
      /no prebuilt engine for win32-ia32/,
    );
    await expect(config.beforePack({ electronPlatformName: 'linux', arch: 2 })).rejects.toThrow(/linux-armv7l/);
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

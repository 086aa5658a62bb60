import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const native = await import('../../scripts/electron-native.mjs');

describe('scripts/start-app.mjs', () => {
  it('fails fast with a plain message when the Electron binary is missing (and touches nothing)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'perkdesk-no-electron-'));
    const hadNativeDir = existsSync('.electron-native');
    try {
      const started = Date.now();
      const r = spawnSync(process.execPath, ['scripts/start-app.mjs', '--no-download'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      });
      expect(r.status).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.stderr).toContain('PerkDesk cannot start');
      expect(r.stderr).toMatch(/Electron 45\.\d+\.\d+ binary is missing/);
      expect(r.stderr).toContain('npm test');
      expect(existsSync('.electron-native')).toBe(hadNativeDir);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('scripts/electron-native.mjs', () => {
  it("strips npm's config from the build environment (nodedir would force Node's headers)", () => {
    const env = native.cleanBuildEnv({
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_NODEDIR: '/usr',
      npm_config_target: '20.0.0',
      npm_package_name: 'perkdesk',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/root' });
  });

  it("flags a build that loads in Node: that is node_modules' Node build, not an Electron one", () => {
    const nodeBuild = join(
      require.resolve('better-sqlite3/package.json'),
      '..',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(native.checkBuiltForElectron(nodeBuild, '150')).toMatch(/built for Node, not Electron/);
  });

  it('flags a missing or broken file', () => {
    expect(native.checkBuiltForElectron('/nonexistent/better_sqlite3.node', '150')).toMatch(/does not load at all/);
  });
});

describe('scripts/ensure-node-sqlite.mjs', () => {
  it('is a quick no-op when better-sqlite3 already loads in this Node', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['scripts/ensure-node-sqlite.mjs'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('rebuilding');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

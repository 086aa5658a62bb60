import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  diagnoseLinuxSandbox,
  isHelperSetUp,
  userNamespaceBlocker,
  type SandboxFacts,
} from '../../scripts/linux-sandbox.mjs';

/** A start that hangs (a download, a compile) is killed after 30 s and fails the test. */
function startApp(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['scripts/start-app.mjs', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
    env: { ...process.env, ...env },
  });
}

describe('scripts/start-app.mjs', () => {
  it('fails fast with a plain message when the Electron binary is missing (and builds nothing)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'perkdesk-no-electron-'));
    try {
      const r = startApp(['--no-download'], { ELECTRON_OVERRIDE_DIST_PATH: empty });
      expect(r.error, 'still running after 30 s').toBeUndefined();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('PerkDesk cannot start');
      expect(r.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      expect(r.stderr).toMatch(/Electron 45\.\d+\.\d+/);
      expect(r.stderr).toContain('npm test');
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/node-gyp|compil|prebuild/i);
      expect(existsSync('.electron-native')).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  // electron-vite 6 finds Electron only through ELECTRON_EXEC_PATH or
  // node_modules/electron/path.txt + dist/ (getElectronPath in its lib chunk): it never
  // reads ELECTRON_OVERRIDE_DIST_PATH, so start-app.mjs must hand the binary over.
  it.skipIf(process.platform === 'win32')(
    '`npm run dev` launches the Electron in ELECTRON_OVERRIDE_DIST_PATH, with the dev server URL',
    () => {
      const dist = mkdtempSync(join(tmpdir(), 'perkdesk-electron-dist-'));
      const fake = join(dist, 'electron');
      writeFileSync(fake, '#!/bin/sh\necho "FAKE-ELECTRON exec=$0 args=$* renderer=$ELECTRON_RENDERER_URL"\n');
      chmodSync(fake, 0o755);
      try {
        const r = startApp(['--dev'], { ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_EXEC_PATH: '' });
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        const line = r.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON'));
        expect(line, r.stdout).toBeDefined();
        expect(line).toContain(`exec=${fake}`);
        expect(line).toMatch(/renderer=http:\/\/(localhost|127\.0\.0\.1):\d+/);
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

const HELPER = '/app/node_modules/electron/dist/chrome-sandbox';
const facts = (over: Partial<SandboxFacts>): SandboxFacts => ({
  appArmorRestricts: null,
  cloneAllowed: null,
  maxUserNamespaces: '63000',
  helper: HELPER,
  helperStat: { uid: 1000, mode: 0o100755 },
  ...over,
});

describe('scripts/linux-sandbox.mjs', () => {
  it('says nothing where unprivileged user namespaces work (Electron uses them, not the helper)', () => {
    expect(diagnoseLinuxSandbox(facts({}), 'linux')).toBeNull();
    expect(diagnoseLinuxSandbox(facts({ appArmorRestricts: '0', cloneAllowed: '1' }), 'linux')).toBeNull();
  });

  it('names the blocker on Ubuntu 24.04 (AppArmor), Debian (clone = 0) and hardened kernels', () => {
    expect(userNamespaceBlocker(facts({ appArmorRestricts: '1' }))).toMatch(/AppArmor/);
    expect(userNamespaceBlocker(facts({ cloneAllowed: '0' }))).toMatch(/unprivileged_userns_clone/);
    expect(userNamespaceBlocker(facts({ maxUserNamespaces: '0' }))).toMatch(/max_user_namespaces/);
  });

  it('prints the exact chown/chmod for a helper an npm install left unprivileged, never --no-sandbox as a fix', () => {
    const message = diagnoseLinuxSandbox(facts({ appArmorRestricts: '1' }), 'linux')!;
    expect(message).toContain(`sudo chown root:root '${HELPER}' && sudo chmod 4755 '${HELPER}'`);
    expect(message).toContain('uid 1000 with mode 755');
    expect(message).toMatch(/\.deb/);
    expect(message).toMatch(/Do not run PerkDesk with --no-sandbox/);
  });

  it('accepts a helper owned by root with mode 4755, and reports a missing one', () => {
    expect(isHelperSetUp({ uid: 0, mode: 0o104755 })).toBe(true);
    expect(isHelperSetUp({ uid: 0, mode: 0o100755 })).toBe(false);
    expect(isHelperSetUp({ uid: 1000, mode: 0o104755 })).toBe(false);
    expect(
      diagnoseLinuxSandbox(facts({ cloneAllowed: '0', helperStat: { uid: 0, mode: 0o104755 } }), 'linux'),
    ).toBeNull();
    expect(diagnoseLinuxSandbox(facts({ cloneAllowed: '0', helperStat: null }), 'linux')).toContain('is missing');
  });

  it('only applies to Linux', () => {
    expect(diagnoseLinuxSandbox(facts({ appArmorRestricts: '1' }), 'darwin')).toBeNull();
    expect(diagnoseLinuxSandbox(facts({ appArmorRestricts: '1' }), 'win32')).toBeNull();
  });
});

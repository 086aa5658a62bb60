import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/bridge';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';

/**
 * The real main and preload bundles, built by electron-vite from the project's config
 * into a temp folder, then checked as artifacts: the preload is one self-contained
 * CommonJS file with the inlined allow-list; the main bundle boots in Node against a
 * fake `electron` (fixtures/fake-electron.mjs), opens a real SQLite core and answers
 * IPC only from our window.
 */
let out: string;
let userData: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'perkdesk-built-'));
  userData = mkdtempSync(join(tmpdir(), 'perkdesk-built-data-'));
  await build({
    configFile: resolve('test/electron/fixtures/electron.vite.main-preload.config.ts'),
    root: process.cwd(),
    build: { outDir: out },
    logLevel: 'silent',
  });
  mkdirSync(join(out, 'renderer'));
  writeFileSync(join(out, 'renderer', 'index.html'), '<!doctype html><title>stub renderer</title>');
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

describe('built preload (out/preload/index.cjs)', () => {
  it('is CommonJS that requires nothing but electron (a sandboxed preload has no node_modules)', () => {
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
  });

  it('carries exactly the contract channel names, without zod or any schema', () => {
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    for (const name of [...CHANNEL_NAMES, SHELL_CHANNELS.print, SHELL_CHANNELS.chooseFolder]) {
      expect(code).toContain(`"${name}"`);
    }
    expect(code).not.toMatch(/zod|safeParse|strictObject/);
    expect(code.length).toBeLessThan(20_000);
    expect(code).not.toMatch(/exposeInMainWorld\(\s*["']ipcRenderer/);
  });
});

describe('built main (out/main/index.js)', () => {
  it('loads better-sqlite3 13 from node_modules (its own prebuild lookup), with no Electron-only copy of the engine', () => {
    // The main entry and the report worker share the core in a chunk (out/main/chunks):
    // the import may sit in any of the main bundle's files.
    const files = readdirSync(join(out, 'main'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.js'),
    );
    const code = files.map((f) => readFileSync(join(out, 'main', f), 'utf8')).join('\n');
    // Left to node_modules at run time: better-sqlite3's lib/binding.js finds
    // prebuilds/<platform>-<arch>.node next to itself, for Node and Electron alike.
    expect(code).toMatch(/from ["']better-sqlite3["']/);
    expect(code).not.toMatch(/\.electron-native|nativeBinding|better_sqlite3\.node|prebuilds\//);
  });

  it('boots against a fake electron: privileged scheme, sandbox, core, IPC trust, app:// serving', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(resolve('test/electron/fixtures/smoke-register.mjs')).href,
        join(out, 'main', 'index.js'),
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          SMOKE_PROJECT_URL: pathToFileURL(resolve('package.json')).href,
          SMOKE_USER_DATA: userData,
          PERKDESK_DB: '',
          ELECTRON_RENDERER_URL: '',
        },
      },
    );
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { event: string });
    const byName = (name: string) => events.find((e) => e.event === name);
    expect(byName('error'), r.stderr).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);

    expect(events.map((e) => e.event).slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    // The fake screen is 1366×768 with a 40 px taskbar: the page must fit above it.
    expect(byName('window')!.options).toMatchObject({
      useContentSize: true,
      minWidth: 1024,
      kiosk: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    const options = byName('window')!.options as { height: number; minHeight: number };
    expect(options.height).toBeLessThanOrEqual(728 - 39);
    expect(options.minHeight).toBeLessThanOrEqual(options.height);
    expect((byName('window')!.options as { webPreferences: { preload: string } }).webPreferences.preload).toBe(
      join(out, 'preload', 'index.cjs'),
    );
    expect(byName('loadURL')!.url).toBe('app://perkdesk/index.html');
    expect(byName('trusted')!.result).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(byName('untrusted')!.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(byName('page')).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY });
    expect(byName('page')!.body).toContain('stub renderer');
    expect(byName('traversal')).toMatchObject({ statuses: [404, 404] });
    expect(byName('navigation')).toMatchObject({ mainFrame: { cancelled: true }, subframe: { cancelled: true } });
    expect(byName('print')).toMatchObject({ result: { ok: true, cancelled: true } });
    // Not packaged: Electron's default menu stays (the packaged cases are in main-lifecycle).
    expect(byName('menu')).toBeUndefined();
    expect(new Set(byName('channels')!.names as string[])).toEqual(
      new Set([...CHANNEL_NAMES, SHELL_CHANNELS.print, SHELL_CHANNELS.chooseFolder]),
    );
    // The store landed in the (fake) user-data folder.
    expect(readFileSync(join(userData, 'perkdesk.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PLATFORM_BINARY: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * Where the Electron binary is, WITHOUT `require('electron')`: that require starts a
 * download when the binary is missing (and fails slowly on machines with no network).
 * PERKDESK_ELECTRON (the binary) overrides; ELECTRON_OVERRIDE_DIST_PATH (its folder) is
 * honoured as Electron's own index.js and `npm start` do. Returns why not when there is none.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const override = process.env.PERKDESK_ELECTRON;
  if (override)
    return existsSync(override) ? { path: override } : { missing: `PERKDESK_ELECTRON=${override} does not exist` };
  const pkg = join(REPO, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (dist) {
    const name = existsSync(pathTxt)
      ? readFileSync(pathTxt, 'utf8').trim()
      : (PLATFORM_BINARY[process.platform] ?? 'electron');
    const bin = join(dist, name);
    return existsSync(bin) ? { path: bin } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${name} (${bin})` };
  }
  if (!existsSync(pathTxt)) return { missing: 'node_modules/electron has no downloaded binary (no path.txt)' };
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { missing: `${bin} does not exist` };
}

/** How to run the `electron` e2e project, for messages that must say it exactly. */
export const HOW_TO_RUN_ELECTRON_E2E =
  'To run the e2e specs against the real app, fetch the Electron binary once with `npx install-electron` ' +
  "(needs access to Electron's GitHub releases, or ELECTRON_MIRROR) or point PERKDESK_ELECTRON=/path/to/electron " +
  'at an unpacked Electron 45, then run `PERKDESK_E2E_ELECTRON=1 npm run test:e2e`.';

/** Why the `electron` project cannot run here (null when it can). */
export function electronProjectProblem(): string | null {
  const bin = findElectronBinary();
  if (!('missing' in bin)) return null;
  return `PERKDESK_E2E_ELECTRON=1 asks for the electron e2e project, but there is no Electron binary: ${bin.missing}. ${HOW_TO_RUN_ELECTRON_E2E}`;
}

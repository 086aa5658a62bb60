import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where the Electron binary is, WITHOUT `require('electron')`: that require starts a
 * download when the binary is missing (and fails slowly on machines with no network).
 * PERKDESK_ELECTRON overrides. Returns why not when there is none.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const override = process.env.PERKDESK_ELECTRON;
  if (override)
    return existsSync(override) ? { path: override } : { missing: `PERKDESK_ELECTRON=${override} does not exist` };
  const pkg = join(REPO, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: 'node_modules/electron has no downloaded binary (no path.txt)' };
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { missing: `${bin} does not exist` };
}

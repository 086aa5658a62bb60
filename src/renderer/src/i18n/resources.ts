/**
 * The translation catalogues: `src/renderer/locales/<language>/<namespace>.json`
 * (i18next's layout). English is the reference: it is imported here by name, so every
 * `t()` key is typed from it (see i18next.d.ts). Every other language is found on disk
 * at build time — a translator adds one by copying the `en` folder (see the README,
 * "Translations") and listing its code in SUPPORTED_LOCALES.
 *
 * `main.json` holds the Electron main process's dialogs (src/main/main-texts.ts) and is
 * left out of the renderer bundle.
 */
import shell from '../../locales/en/shell.json';
import auth from '../../locales/en/auth.json';
import staff from '../../locales/en/staff.json';
import audit from '../../locales/en/audit.json';
import settings from '../../locales/en/settings.json';
import members from '../../locales/en/members.json';
import points from '../../locales/en/points.json';
import rewards from '../../locales/en/rewards.json';
import reports from '../../locales/en/reports.json';
import offline from '../../locales/en/offline.json';
import errors from '../../locales/en/errors.json';
import sync from '../../locales/en/sync.json';

export const en = { shell, auth, staff, audit, settings, members, points, rewards, reports, offline, errors, sync };

export type Resources = typeof en;
export type NamespaceName = keyof Resources;
export const NAMESPACES = Object.keys(en) as NamespaceName[];

type Catalogue = Record<string, unknown>;

// Bundled into the renderer's JavaScript (no fetch at run time, so the CSP's
// connect-src 'self' is all it needs).
const files = import.meta.glob<Catalogue>(['../../locales/*/*.json', '!../../locales/*/main.json'], {
  eager: true,
  import: 'default',
});

/** i18next `resources`: language → namespace → strings, for every folder under locales/. */
export function buildResources(): Record<string, Record<string, Catalogue>> {
  const out: Record<string, Record<string, Catalogue>> = {};
  for (const [path, strings] of Object.entries(files)) {
    const m = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m) continue;
    (out[m[1]] ??= {})[m[2]] = strings;
  }
  return out;
}

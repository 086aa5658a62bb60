import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import { addFormats } from '../../src/renderer/src/i18n/formats';

/**
 * The translation catalogues as they are on disk (`src/renderer/locales/<lang>/<ns>.json`),
 * read the way a translator sees them, and a real i18next instance over them, configured
 * like the renderer's (src/renderer/src/i18n/index.ts).
 */
export const LOCALES_DIR = resolve(import.meta.dirname, '../../src/renderer/locales');

export type Catalogue = { [key: string]: string | Catalogue };

export function languageFolders(): string[] {
  return readdirSync(LOCALES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function namespaceFiles(lng: string): string[] {
  return readdirSync(join(LOCALES_DIR, lng))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function readCatalogue(lng: string, ns: string): Catalogue {
  return JSON.parse(readFileSync(join(LOCALES_DIR, lng, `${ns}.json`), 'utf8')) as Catalogue;
}

/** Every leaf as [dotted key, text]. */
export function leaves(obj: Catalogue, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]): [string, unknown][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

export function textAt(obj: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = obj;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** i18next over every language folder, renderer namespaces and main's alike. */
export function createTestI18n(lng = 'en'): I18n {
  const resources: Record<string, Record<string, Catalogue>> = {};
  for (const l of languageFolders()) {
    resources[l] = Object.fromEntries(namespaceFiles(l).map((ns) => [ns, readCatalogue(l, ns)]));
  }
  const i18n = i18next.createInstance();
  void i18n.init({
    resources,
    lng,
    fallbackLng: 'en',
    ns: namespaceFiles('en'),
    defaultNS: 'shell',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  addFormats(i18n);
  return i18n;
}

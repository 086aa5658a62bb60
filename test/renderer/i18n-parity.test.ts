import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../src/shared/locales';
import { languageFolders, leaves, namespaceFiles, readCatalogue, type Catalogue } from '../helpers/locales';

/**
 * The catalogues as files (src/renderer/locales/<lang>/<ns>.json), checked the way a
 * translator's copy of the `en` folder must come out: same files, same keys, the plural
 * forms of its own language, the same {{values}}, nothing empty.
 */

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** `{{name}}` and `{{name, number}}` → 'name'. */
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
}

/** Keys with their plural suffix taken off, each with the forms present and its {{values}}. */
function shape(catalogue: Catalogue) {
  const byKey = new Map<string, { forms: Set<string>; values: Set<string> }>();
  for (const [key, text] of leaves(catalogue)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const entry = byKey.get(base) ?? { forms: new Set<string>(), values: new Set<string>() };
    if (m) entry.forms.add(m[1]);
    if (typeof text === 'string') placeholders(text).forEach((p) => entry.values.add(p));
    byKey.set(base, entry);
  }
  return byKey;
}

function pluralForms(lng: string): string[] {
  return [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();
}

const languages = languageFolders();
const namespaces = namespaceFiles('en');

describe('translation catalogues', () => {
  it('has one folder per supported locale, and only those', () => {
    expect(languages).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it('English has every namespace the app uses', () => {
    expect(namespaces).toEqual(
      [
        'audit',
        'auth',
        'errors',
        'main',
        'members',
        'offline',
        'points',
        'reports',
        'rewards',
        'settings',
        'shell',
        'staff',
        'sync',
      ].sort(),
    );
  });

  for (const lng of languages) {
    describe(lng, () => {
      it('has the same files as en', () => {
        expect(namespaceFiles(lng)).toEqual(namespaces);
      });

      for (const ns of namespaces) {
        describe(ns, () => {
          const en = shape(readCatalogue('en', ns));
          const other = lng === 'en' ? en : shape(readCatalogue(lng, ns));

          it('has the same keys as en', () => {
            expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
          });

          it(`uses the plural forms of ${lng} (${pluralForms(lng).join(', ')})`, () => {
            for (const [key, entry] of other) {
              const isPlural = (en.get(key)?.forms.size ?? 0) > 0;
              expect([...entry.forms].sort(), `${ns}:${key}`).toEqual(isPlural ? pluralForms(lng) : []);
            }
          });

          it('uses the same {{values}} as en', () => {
            for (const [key, entry] of other) {
              expect([...entry.values].sort(), `${ns}:${key}`).toEqual([...(en.get(key)?.values ?? [])].sort());
            }
          });

          it('has only non-empty strings', () => {
            for (const [key, text] of leaves(readCatalogue(lng, ns))) {
              expect(typeof text, `${ns}:${key}`).toBe('string');
              expect((text as string).trim(), `${ns}:${key}`).not.toBe('');
            }
          });
        });
      }
    });
  }
});

describe('zh-CN wording', () => {
  const texts = namespaces.flatMap((ns) =>
    leaves(readCatalogue('zh-CN', ns)).map(([key, text]) => ({ key: `${ns}:${key}`, text: String(text) })),
  );

  it('writes points as 积分, never a bare 分 (which also means a cent)', () => {
    for (const { key, text } of texts) {
      expect(text, key).not.toMatch(/(\d|\}\})\s*分(?!钟)/);
      expect(text, key).not.toMatch(/(?<!积)分\s*\//);
    }
  });

  it('uses full-width punctuation next to Chinese text', () => {
    const han = '\\p{Script=Han}';
    const ascii = '[,;:!?()]';
    const mixed = new RegExp(`${han}\\s?${ascii}|${ascii}\\s?${han}|${han} [—-] `, 'u');
    for (const { key, text } of texts) {
      expect(text.replace(/\{\{[^}]*\}\}/g, 'x'), key).not.toMatch(mixed);
    }
  });
});

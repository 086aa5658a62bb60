import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../src/renderer/src/i18n/resources';

/** Every leaf key as a dotted path, e.g. 'nav.counter'. */
function leafKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? leafKeys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

function leafValues(obj: Record<string, unknown>): unknown[] {
  return Object.values(obj).flatMap((v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? leafValues(v as Record<string, unknown>) : [v],
  );
}

/** Interpolation placeholders used by a string, e.g. ['name'] for 'Signed in: {{name}}'. */
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();
}

describe('i18n: English and Simplified Chinese are both complete', () => {
  it('registers the namespaces of every area', () => {
    expect(Object.keys(NAMESPACES).sort()).toEqual(
      ['audit', 'auth', 'members', 'offline', 'points', 'reports', 'rewards', 'settings', 'shell', 'staff'].sort(),
    );
  });

  for (const [ns, { en, zhCN }] of Object.entries(NAMESPACES)) {
    describe(ns, () => {
      it('has the same keys in en and zhCN', () => {
        expect(leafKeys(zhCN).sort()).toEqual(leafKeys(en).sort());
      });

      it('has only non-empty strings', () => {
        for (const v of [...leafValues(en), ...leafValues(zhCN)]) {
          expect(typeof v).toBe('string');
          expect((v as string).trim().length).toBeGreaterThan(0);
        }
      });

      it('uses the same {{placeholders}} in both languages', () => {
        const zhByKey = new Map(
          leafKeys(zhCN).map((k) => [
            k,
            k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zhCN),
          ]),
        );
        for (const key of leafKeys(en)) {
          const enValue = key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en);
          const zhValue = zhByKey.get(key);
          if (typeof enValue === 'string' && typeof zhValue === 'string') {
            expect(placeholders(zhValue), `${ns}:${key}`).toEqual(placeholders(enValue));
          }
        }
      });
    });
  }
});

import { describe, expect, it } from 'vitest';
import en from '../../src/server/web/locales/en.json';
import zhCN from '../../src/server/web/locales/zh-CN.json';

/** Every key path of a catalogue, with the {{placeholders}} its text uses. */
function keys(obj: Record<string, unknown>, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort());
    else for (const [p, vars] of keys(v as Record<string, unknown>, path)) out.set(p, vars);
  }
  return out;
}

describe('the head office page’s catalogues', () => {
  it('Chinese has every English key, no others, with the same placeholders, none empty', () => {
    const a = keys(en);
    const b = keys(zhCN);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, vars] of a) expect([k, b.get(k)]).toEqual([k, vars]);
    for (const cat of [en, zhCN]) {
      for (const k of keys(cat).keys()) {
        const text = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], cat);
        expect((text as string).trim().length, k).toBeGreaterThan(0);
      }
    }
  });
});

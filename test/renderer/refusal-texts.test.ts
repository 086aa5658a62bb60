import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, STORE_REFUSALS, contract } from '../../src/shared/contract';
import { languageFolders, readCatalogue, textAt } from '../helpers/locales';

/**
 * Every refusal a channel can return has a text in every language, under
 * `errors:<area>.<action>.<reason>` (what describeError looks up); the refusals are the
 * ones the contract declares (`refusals` on each channel definition — the dispatcher
 * answers INTERNAL for any other in tests). The store-wide ones the pipeline itself
 * returns (STORE_REFUSALS) read from `errors:common.<reason>`. Compile time checks the
 * same for English and Chinese (src/renderer/src/lib/describe-error.ts); this test also
 * covers a language folder added later.
 */
const pairs = CHANNEL_NAMES.flatMap((channel) =>
  contract[channel].refusals.map((reason: string) => ({ channel, reason })),
);

describe('refusal texts', () => {
  it('finds the refusals in the contract', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(160);
  });

  for (const lng of languageFolders()) {
    it(`every refusal has a text in ${lng}`, () => {
      const errors = readCatalogue(lng, 'errors');
      const missing = [
        ...pairs.map(({ channel, reason }) => `${channel.replace(':', '.')}.${reason}`),
        ...STORE_REFUSALS.map((reason) => `common.${reason}`),
      ].filter((key) => !textAt(errors, key));
      expect(missing).toEqual([]);
    });
  }

  it('every text under errors:<area>.<action> is for a refusal its channel declares', () => {
    const errors = readCatalogue('en', 'errors') as Record<string, Record<string, Record<string, string>>>;
    const declared = new Set(pairs.map(({ channel, reason }) => `${channel.replace(':', '.')}.${reason}`));
    const known = new Set(CHANNEL_NAMES.map((c) => c.replace(':', '.')));
    for (const [area, actions] of Object.entries(errors)) {
      if (area === 'common' || area === 'validation') continue;
      for (const [action, texts] of Object.entries(actions)) {
        expect(known, `${area}.${action}`).toContain(`${area}.${action}`);
        // `<reason>_<field>`: the same refusal, placed on one field.
        for (const key of Object.keys(texts)) {
          expect(declared, `${area}.${action}.${key}`).toContain(`${area}.${action}.${key.split('_')[0]}`);
        }
      }
    }
  });
});

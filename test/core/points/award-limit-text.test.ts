import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { snapshotCounts } from '../../helpers/core';
import { SCENARIO_RULES, makePointsCore, op } from './points-helpers';
import { describeError } from '../../../src/renderer/src/lib/describe-error';
import errorsEn from '../../../src/renderer/locales/en/errors.json';
import errorsZh from '../../../src/renderer/locales/zh-CN/errors.json';

/** Issue 9 item 14: a purchase past the largest total is refused with the limit named, in both languages. */
describe('points:award past the largest purchase total', () => {
  it('refuses purchaseTooLarge with the limit as a decimal, and the text names it', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: SCENARIO_RULES });
    const before = snapshotCounts(core);
    const r = await core.call(
      'points:award',
      {
        opId: op(),
        memberId: member,
        receiptNo: 'R-BIG',
        lines: [
          { quantity: 10_000, unitPriceMinor: 9_000_000 },
          { quantity: 10_000, unitPriceMinor: 9_000_000 },
        ],
      },
      tokens.cashier,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.details).toMatchObject({ reason: 'purchaseTooLarge', field: 'lines', maxAmount: '100000000.00' });
    expect(snapshotCounts(core)).toEqual(before);

    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'en',
      fallbackLng: 'en',
      ns: ['errors'],
      defaultNS: 'errors',
      resources: { en: { errors: errorsEn }, 'zh-CN': { errors: errorsZh } },
      interpolation: { escapeValue: false },
    });
    expect(describeError(i18n.t as never, 'points:award', r.error)).toContain('at most 100000000.00');
    await i18n.changeLanguage('zh-CN');
    expect(describeError(i18n.t as never, 'points:award', r.error)).toContain('最多 100000000.00');
  });
});

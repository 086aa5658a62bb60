import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/renderer/src/lib/describe-error';
import { formatDateTime } from '../../src/renderer/src/lib/dates';
import { createTestI18n } from '../helpers/locales';

/**
 * Head office says another store used the voucher (core/sync/voucher-claim.ts): the core
 * sends the store and the instant (epoch ms); the counter writes the time as every other
 * time on screen, in the reader's language — not in the terminal's words or zone.
 */
const usedAt = Date.UTC(2026, 11, 2, 4, 5); // noon in Shanghai; 2 December in any zone from UTC−4 to UTC+19
const refusal = {
  code: 'CONFLICT' as const,
  message: `This voucher was already used at South on ${new Date(usedAt).toISOString()}`,
  details: { reason: 'voucherUsedInChain', usedAt, usedStore: '南京西路店', headOffice: true },
};

describe('voucherUsedInChain as the counter shows it', () => {
  for (const channel of ['points:useVoucher', 'points:award'] as const) {
    it(`names the store and the time in English (${channel})`, () => {
      const text = describeError(createTestI18n('en').t, channel, refusal);
      expect(text).toBe(
        `This voucher was already used at 南京西路店 on ${formatDateTime(usedAt, 'en')} (head office). Nothing was recorded here.`,
      );
      expect(text).toMatch(/ on Dec 2, 2026, \d{1,2}:05\s?[AP]M \(head office\)/);
    });

    it(`and in Chinese (${channel})`, () => {
      const text = describeError(createTestI18n('zh-CN').t, channel, refusal);
      expect(text).toBe(
        `此奖励券已于 ${formatDateTime(usedAt, 'zh-CN')} 在 南京西路店 使用（总部记录），本终端未作记录。`,
      );
      expect(text).toMatch(/^此奖励券已于 2026年12月2日 \d{1,2}:05 在/);
    });
  }

  it('without the time (an older head office) the text is not shown half-filled', () => {
    const { usedAt: _dropped, ...details } = refusal.details;
    const text = describeError(createTestI18n('en').t, 'points:useVoucher', { ...refusal, details });
    expect(text).not.toMatch(/\{\{|undefined|NaN|Invalid/);
  });
});

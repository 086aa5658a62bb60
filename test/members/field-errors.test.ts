import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { formErrors } from '../../src/renderer/src/features/members/field-errors';
import { en, zhCN } from '../../src/renderer/src/features/members/i18n';
import { en as shellEn, zhCN as shellZh } from '../../src/renderer/src/i18n/shell';
import { MEMBER_ERROR_REASONS } from '../../src/shared/contract/members';

/** Store errors land next to the right field, in both languages. */
async function translator(lng: 'en' | 'zh-CN') {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { en: { members: en, shell: shellEn }, 'zh-CN': { members: zhCN, shell: shellZh } },
    interpolation: { escapeValue: false },
  });
  return { t: i.getFixedT(lng, 'members'), tShell: i.getFixedT(lng, 'shell') };
}

describe('members form errors', () => {
  it('places reason errors on their field, in English and Chinese', async () => {
    for (const lng of ['en', 'zh-CN'] as const) {
      const { t, tShell } = await translator(lng);
      const phone = formErrors(t, tShell, {
        code: 'VALIDATION',
        message: 'This phone number is not valid',
        details: { field: 'phone', reason: 'phoneInvalid' },
      });
      expect(phone.fields.phone).toBe(lng === 'en' ? en.errorsByReason.phoneInvalid : zhCN.errorsByReason.phoneInvalid);
      const dup = formErrors(t, tShell, {
        code: 'CONFLICT',
        message: 'x',
        details: { field: 'email', reason: 'duplicate' },
      });
      expect(dup.fields.email).toBe(
        lng === 'en' ? en.errorsByReason.duplicate_email : zhCN.errorsByReason.duplicate_email,
      );
      const backoff = formErrors(t, tShell, {
        code: 'VALIDATION',
        message: 'x',
        details: { field: 'identity', reason: 'pinBackoff', retryAfterMs: 29_500 },
      });
      expect(backoff.general).toContain('30');
      expect(backoff.fields).toEqual({});
    }
  });

  it('maps zod issues to fields, and everything else to a general message', async () => {
    const { t, tShell } = await translator('en');
    const issues = formErrors(t, tShell, {
      code: 'VALIDATION',
      message: 'name: Too big',
      details: {
        issues: [
          { path: 'name', message: 'Too big: expected string to have <=80 characters' },
          { path: 'pin', message: 'must be 4 to 6 digits' },
        ],
      },
    });
    expect(issues.fields).toEqual({ name: en.errorsByReason.tooLong, pin: en.errorsByReason.pinFormat });
    const other = formErrors(t, tShell, { code: 'INTERNAL', message: 'boom' });
    expect(other.general).toBe(shellEn.errors.INTERNAL);
  });

  it('has a message for every reason the core can send, in both languages', () => {
    for (const reason of MEMBER_ERROR_REASONS) {
      const keys = reason === 'duplicate' ? ['duplicate_phone', 'duplicate_email'] : [reason];
      for (const k of keys) {
        expect(en.errorsByReason[k as keyof typeof en.errorsByReason], k).toBeTruthy();
        expect(zhCN.errorsByReason[k as keyof typeof zhCN.errorsByReason], k).toBeTruthy();
      }
    }
  });
});

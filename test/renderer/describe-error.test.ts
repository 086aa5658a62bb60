import { describe, expect, it } from 'vitest';
import { describeError, describeFieldErrors, type Translate } from '../../src/renderer/src/lib/describe-error';
import { NO_ANSWER } from '../../src/renderer/src/lib/errors';
import type { AppErrorBody } from '../../src/shared/errors';
import { createTestI18n } from '../helpers/locales';
import { makeStaffedCore } from '../helpers/core';

/** Store errors as the cashier reads them, through real i18next over the catalogues on disk. */
const i18n = createTestI18n('en');
// A `t` bound to another namespace, as a screen's useTranslation('points') gives it.
const tFor = (lng: 'en' | 'zh-CN') => i18n.getFixedT(lng, 'points') as unknown as Translate;
const en = tFor('en');
const zh = tFor('zh-CN');

const duplicateReceipt: AppErrorBody = {
  code: 'CONFLICT',
  message: 'This receipt number was already recorded',
  details: { field: 'receiptNo', reason: 'duplicateReceipt' },
};

describe('describeError: refusals', () => {
  it('uses the channel’s refusal text, with the values it needs from the input', () => {
    expect(describeError(en, 'points:award', duplicateReceipt, { receiptNo: 'R-1001' })).toBe(
      'Receipt R-1001 was already awarded. Check the number on the receipt; nothing was awarded twice.',
    );
    expect(describeError(zh, 'points:award', duplicateReceipt, { receiptNo: 'R-1001' })).toBe(
      '小票 R-1001 已发放过积分。请核对小票上的号码；积分不会重复发放。',
    );
  });

  it('never shows a {{value}} it does not have: without the input it falls back to the code', () => {
    const text = describeError(en, 'points:award', duplicateReceipt);
    expect(text).not.toContain('{{');
    expect(text).toBe('This conflicts with existing data. This receipt number was already recorded');
  });

  it('interpolates the refusal’s details, formatting numbers for the language', () => {
    const error: AppErrorBody = {
      code: 'CONFLICT',
      message: 'x',
      details: { field: 'pointsToUse', reason: 'insufficientPoints', balance: 12345 },
    };
    expect(describeError(en, 'points:award', error)).toBe(
      'Not enough points: the member has only 12,345 points. Use fewer points.',
    );
    expect(describeError(en, 'rewards:redeem', error)).toBe(
      'Not enough points: the member has only 12,345 points. Choose another reward.',
    );
    expect(describeError(zh, 'rewards:redeem', error)).toBe('积分不足：会员只有 12,345 积分。请选择其他奖励。');
  });

  it('turns retryAfterMs into whole seconds', () => {
    const error: AppErrorBody = {
      code: 'VALIDATION',
      message: 'x',
      details: { field: 'pin', reason: 'pinBackoff', retryAfterMs: 29_100 },
    };
    // …and, as the PIN stays blocked until then, names the reset path (issue 9 item 7).
    expect(describeError(en, 'rewards:redeem', error)).toBe(
      'Too many wrong PINs. Try again in 30 s, or reset the PIN with the member’s name and phone (Reset the member’s PIN).',
    );
    expect(describeError(zh, 'rewards:redeem', error)).toBe(
      '密码错误次数过多。请在 30 秒后重试，或凭会员姓名和手机号重置密码（重置会员密码）。',
    );
  });

  it('prefers the text for the field the refusal names', () => {
    const error = (field: string): AppErrorBody => ({
      code: 'CONFLICT',
      message: 'x',
      details: { field, reason: 'duplicate' },
    });
    expect(describeError(en, 'members:register', error('email'))).toBe(
      'Another member already has this email address. Search for it instead.',
    );
    expect(describeError(zh, 'members:register', error('phone'))).toBe('已有会员使用此手机号。请直接查找该会员。');
    expect(describeError(en, 'members:register', error('other'))).toMatch(/^Another member already has this phone/);
  });

  it('a detail named like an i18next option does not change the lookup', () => {
    const error: AppErrorBody = {
      code: 'CONFLICT',
      message: 'x',
      details: { reason: 'overReturn', lineNo: 2, returnable: 1, count: 5, context: 'x', lng: 'zh-CN' },
    };
    expect(describeError(en, 'points:refund', error)).toBe('Line 2: only 1 can still be returned. Lower the quantity.');
  });

  it('never offers a PIN from the input to a text', () => {
    const error: AppErrorBody = { code: 'VALIDATION', message: 'x', details: { reason: 'pinWrong', attemptsLeft: 2 } };
    const text = describeError(en, 'points:award', error, { receiptNo: 'R-1', pin: '4711' });
    expect(text).toBe('The PIN is wrong. Ask the member to type it again (tries left: 2).');
  });
});

describe('describeError: everything else', () => {
  it('an operation id reused with another payload says to retry', () => {
    const error: AppErrorBody = { code: 'CONFLICT', message: 'x', details: { opId: '0190…' } };
    expect(describeError(en, 'points:adjust', error)).toBe(
      'This attempt clashed with an earlier one. Press the button again to retry.',
    );
  });

  it('a zod issue reads by its code, with the limit', () => {
    const error: AppErrorBody = {
      code: 'VALIDATION',
      message: 'receiptNo: Too big',
      details: { issues: [{ path: 'receiptNo', code: 'too_big', maximum: 40, origin: 'string', message: '…' }] },
    };
    expect(describeError(en, 'points:award', error)).toBe('Please check the input. Too long: at most 40 characters.');
    expect(describeError(zh, 'points:award', error)).toBe('请检查输入内容。内容过长：最多 40 个字符。');
  });

  it('a code without a translation, or an error without a code, falls back to the common text', () => {
    expect(describeError(en, 'staff:create', { code: 'CONFLICT', message: 'That user name is taken' })).toBe(
      'This conflicts with existing data. That user name is taken',
    );
    expect(describeError(zh, 'settings:update', { code: 'FORBIDDEN', message: 'Your role may not do this' })).toBe(
      '您的角色无权执行此操作。请找经理处理。',
    );
    expect(describeError(en, 'points:award', { code: 'INTERNAL', message: 'boom' })).toBe(
      'Something went wrong; nothing was changed. Please try again (a retry never counts twice).',
    );
  });

  it('no answer from the store (a lost reply) does not claim that nothing was changed', () => {
    expect(describeError(en, 'rewards:redeem', NO_ANSWER)).toBe(
      'The store did not answer; nothing was lost. Try again: a retry never counts twice.',
    );
    expect(describeError(zh, 'points:adjust', NO_ANSWER)).toBe(
      '系统未响应；没有丢失任何数据。请重试，重试不会重复计算。',
    );
    expect(describeFieldErrors(en, 'members:register', NO_ANSWER).general).toMatch(/^The store did not answer/);
  });
});

describe('describeFieldErrors', () => {
  it('places a refusal on the field it names, and the identity check on the form', () => {
    const phone = describeFieldErrors(en, 'members:register', {
      code: 'VALIDATION',
      message: 'This phone number is not valid',
      details: { field: 'phone', reason: 'phoneInvalid' },
    });
    expect(phone).toEqual({
      fields: { phone: 'This phone number is not valid. Check the digits (add +country code for a foreign number).' },
      general: '',
    });
    const identity = describeFieldErrors(zh, 'members:resetPin', {
      code: 'VALIDATION',
      message: 'x',
      details: { field: 'identity', reason: 'pinBackoff', retryAfterMs: 29_500 },
    });
    expect(identity).toEqual({ fields: {}, general: '核对错误次数过多。请在 30 秒后重试。' });
  });

  it('places zod issues by code — no guessing from English messages', () => {
    const fe = describeFieldErrors(en, 'members:register', {
      code: 'VALIDATION',
      message: 'name: Too big',
      details: {
        issues: [
          {
            path: 'name',
            code: 'too_big',
            maximum: 80,
            origin: 'string',
            message: 'Too big: expected string to have <=80',
          },
          { path: 'pin', code: 'invalid_format', format: 'regex', message: 'must be 4 to 6 digits' },
          { path: 'email', code: 'invalid_format', format: 'email', message: 'Invalid email' },
          { path: 'birthday', code: 'too_small', minimum: 1, origin: 'string', message: 'x' },
          { path: 'name', code: 'custom', message: 'second issue on name: ignored' },
        ],
      },
    });
    expect(fe).toEqual({
      fields: {
        name: 'Too long: at most 80 characters.',
        pin: 'A PIN is 4 to 6 digits.',
        email: 'Type a whole email address, e.g. name@example.com.',
        birthday: 'Fill this in.',
      },
      general: '',
    });
  });

  it('issues as main sends them today ({ path, message } only) get the generic field text', () => {
    const fe = describeFieldErrors(zh, 'members:register', {
      code: 'VALIDATION',
      message: 'x',
      details: {
        issues: [
          { path: 'name', message: 'Too big: expected string to have <=80 characters' },
          { path: 'newPin', message: 'must be 4 to 6 digits' },
        ],
      },
    });
    expect(fe).toEqual({ fields: { name: '请检查此项。', newPin: '密码为 4 到 6 位数字。' }, general: '' });
  });

  it('a size issue without its limit never shows {{maximum}}', () => {
    const fe = describeFieldErrors(en, 'members:register', {
      code: 'VALIDATION',
      message: 'x',
      details: { issues: [{ path: 'name', code: 'too_big', origin: 'string' }] },
    });
    expect(fe.fields.name).toBe('Please check this field.');
  });

  it('anything else is the form’s general message', () => {
    expect(describeFieldErrors(en, 'members:erase', { code: 'INTERNAL', message: 'boom' })).toEqual({
      fields: {},
      general: 'Something went wrong; nothing was changed. Please try again (a retry never counts twice).',
    });
  });
});

describe('VALIDATION as main sends it: zod codes, limits and origins from the dispatcher', () => {
  it('reads each issue by its code and origin, the contract’s own checks by their rule', async () => {
    const { core, tokens } = await makeStaffedCore();
    const fieldsOf = async (channel: 'members:register' | 'points:payQuote', input: object) => {
      const r = await core.call(channel, input as never, tokens.cashier);
      if (r.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
      return {
        en: describeFieldErrors(en, channel, r.error).fields,
        zh: describeFieldErrors(zh, channel, r.error).fields,
      };
    };
    expect((await fieldsOf('members:register', { name: '   ', phone: '13800138000' })).en).toEqual({
      name: 'Fill this in.',
    });
    expect((await fieldsOf('members:register', { name: 'Anna\nZhang', phone: '13800138000' })).en).toEqual({
      name: 'Keep this on one line (no line breaks or tabs).',
    });
    const long = await fieldsOf('members:register', { name: 'x'.repeat(81), phone: '13800138000' });
    expect(long).toEqual({
      en: { name: 'Too long: at most 80 characters.' },
      zh: { name: '内容过长：最多 80 个字符。' },
    });
    // A number of at least 1 is not "fill this in".
    const memberId = '01900000-0000-7000-8000-000000000000';
    expect((await fieldsOf('points:payQuote', { memberId, totalMinor: 0 })).en).toEqual({
      totalMinor: 'Too small: at least 1.',
    });
    expect((await fieldsOf('points:payQuote', { memberId, totalMinor: 'ten' })).en).toEqual({
      totalMinor: 'Fill this in with the right kind of value.',
    });
    const card = await core.call('members:lookupCard', { cardNumber: '1234567890123' }, tokens.cashier);
    expect(card.ok || describeFieldErrors(zh, 'members:lookupCard', card.error).fields).toEqual({
      cardNumber: '会员卡号为 13 位数字。请核对，或重新扫描会员卡。',
    });
    const user = await core.call(
      'staff:create',
      { username: 'has space', displayName: 'X', password: 'long enough 1', role: 'cashier' },
      tokens.manager,
    );
    expect(user.ok || describeFieldErrors(en, 'staff:create', user.error).fields).toEqual({
      username: 'A user name is up to 40 letters, digits, dots, dashes or underscores, with no spaces.',
    });
    core.close();
  });

  it('a format issue reads by its format, although zod names the string origin too', () => {
    const fe = describeFieldErrors(en, 'members:register', {
      code: 'VALIDATION',
      message: 'x',
      details: { issues: [{ path: 'email', code: 'invalid_format', format: 'email', origin: 'string' }] },
    });
    expect(fe.fields).toEqual({ email: 'Type a whole email address, e.g. name@example.com.' });
  });
});

/**
 * Issue 9 item 7: one PIN length rule everywhere, and the redemption's PIN answers the
 * counter builds on (tries left, then the back-off — after the number of wrong PINs the
 * README states).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { SCENARIO_RULES, makePointsCore, op } from '../points/points-helpers';
import { PIN_FREE_ATTEMPTS, pinBackoffAfter } from '../../../src/main/core/members/pin';
import { MEMBER_PIN_MAX_LENGTH, MEMBER_PIN_MIN_LENGTH, isMemberPin } from '../../../src/shared/member-pin';
import { memberPin } from '../../../src/shared/contract/members';
import { memberPin as spendPin } from '../../../src/shared/contract/points';

const digits = (n: number) => '1234567890'.repeat(2).slice(0, n);

describe('member PIN length: one rule', () => {
  it('the contract (set, change, reset, verify, award, redeem) and the counter check agree at every length', () => {
    expect(spendPin).toBe(memberPin);
    for (let n = 0; n <= MEMBER_PIN_MAX_LENGTH + 3; n++) {
      const ok = n >= MEMBER_PIN_MIN_LENGTH && n <= MEMBER_PIN_MAX_LENGTH;
      expect(memberPin.safeParse(digits(n)).success, `length ${n}`).toBe(ok);
      expect(isMemberPin(digits(n)), `length ${n}`).toBe(ok);
    }
    for (const bad of ['12a4', '１２３４', '12 34', '-1234', '1234\n']) {
      expect(memberPin.safeParse(bad).success, bad).toBe(false);
      expect(isMemberPin(bad), bad).toBe(false);
    }
  });

  it('no text or field states another length: every PIN text interpolates the rule', () => {
    for (const lang of ['en', 'zh-CN']) {
      for (const ns of ['members', 'rewards', 'points', 'errors']) {
        const text = readFileSync(`src/renderer/locales/${lang}/${ns}.json`, 'utf8');
        // "4–6", "4 to 6", "4 到 6", "4-8" … written out would be a second copy of the rule.
        expect(text, `${lang}/${ns}`).not.toMatch(/\d\s*(–|-|to|到|~)\s*\d+\s*(digits|位)/);
      }
    }
  });

  it('the back-off starts after the number of wrong PINs the README states', () => {
    const readme = readFileSync('README.md', 'utf8');
    const stated = /\((\d+) wrong member PINs, `PIN_FREE_ATTEMPTS`\)/.exec(readme);
    expect(stated?.[1]).toBe(String(PIN_FREE_ATTEMPTS));
    expect(pinBackoffAfter(PIN_FREE_ATTEMPTS - 1)).toBe(0);
    expect(pinBackoffAfter(PIN_FREE_ATTEMPTS)).toBeGreaterThan(0);
  });
});

describe('redeem with a PIN: what the counter shows comes from these answers', () => {
  it('wrong PINs say how many tries are left, then the back-off says how long', async () => {
    const { core, tokens, member } = await makePointsCore({ rules: { ...SCENARIO_RULES, redeemRequiresPin: true } });
    await core.ok(
      'points:adjust',
      { opId: op(), memberId: member, points: 500, reason: 'opening balance' },
      tokens.manager,
    );
    const mug = await core.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 100 }, tokens.manager);
    // No PIN yet: the member record says so before anyone asks the customer.
    expect((await core.ok('members:get', { memberId: member }, tokens.cashier)).hasPin).toBe(false);
    await core.ok('members:setPin', { memberId: member, pin: '2468' }, tokens.cashier);
    expect((await core.ok('members:get', { memberId: member }, tokens.cashier)).hasPin).toBe(true);
    const redeem = (pin: string) =>
      core.call('rewards:redeem', { opId: op(), memberId: member, rewardId: mug.id, pin }, tokens.cashier);
    for (let left = PIN_FREE_ATTEMPTS - 1; left >= 1; left--) {
      expectError(await redeem('1111'), 'VALIDATION', { reason: 'pinWrong', attemptsLeft: left });
    }
    expectError(await redeem('1111'), 'VALIDATION', {
      reason: 'pinBackoff',
      retryAfterMs: pinBackoffAfter(PIN_FREE_ATTEMPTS),
    });
    // The reset path the counter suggests then: the identity check sets a new PIN and ends
    // the back-off (a manager here; a cashier's reset asks for one).
    const m = await core.ok('members:get', { memberId: member }, tokens.manager);
    await core.ok(
      'members:resetPin',
      { memberId: member, name: m.name!, email: m.email!, newPin: '1357' },
      tokens.manager,
    );
    const done = await core.ok(
      'rewards:redeem',
      { opId: op(), memberId: member, rewardId: mug.id, pin: '1357' },
      tokens.cashier,
    );
    expect(done.balance).toBe(400);
  });
});

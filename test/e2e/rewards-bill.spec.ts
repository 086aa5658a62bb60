/**
 * Issue 11 item 2 end to end at 1024×768: a manager adds a percent-off reward (10% of
 * the bill, at most ¥15.00, 500 pts) on the Rewards page and picks what a refund does
 * with it in the rules editor; the cashier redeems it while recording a ¥100.00
 * purchase — the counter says "Collect ¥90.00" before and after — and the member earns
 * 90 (on what was paid); refunding the receipt gives the reward's 500 points back by
 * the policy and takes the 90 back. The counter part runs in English and in Chinese (the
 * manager's set-up stays in English, then the store's language is switched): "应收 ¥90.00"
 * and the reward's name in the Chinese result; the refund and history are checked in English.
 */
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  CASHIER,
  MANAGER,
  goTo,
  invokeFromPage,
  screenshot,
  seedStaff,
  signInAs,
  signOut,
  tokenFor,
} from './fixtures';
import type { ChannelName, InputOf } from '../../src/shared/contract';
import { COMMON, LANGS, openMemberUi, signInUi } from './counter-helpers';

const MEMBER = { name: 'Qian Li', phone: '139 8765 4321' };

const UI = {
  en: {
    billReward: 'Bill reward',
    option: '10% off · 500 pts',
    off: 'Takes ¥10.00 off this bill, for 500 pts.',
    collect: 'Collect ¥90.00',
    pts: '+90 pts',
    redeemed: '10% off took ¥10.00 off for 500 pts.',
    explain: '¥90.00 × 1 pt/¥1 = 90 pts · 10% off: −¥10.00 of ¥100.00 (10% off, at most ¥15.00)',
    balance: (n: string) => `Balance ${n} pts`,
  },
  'zh-CN': {
    billReward: '账单奖励',
    option: '10% off · 500 积分',
    off: '本单减 ¥10.00，使用 500 积分。',
    collect: '应收 ¥90.00',
    pts: '+90 积分',
    redeemed: '10% off 减免 ¥10.00，使用 500 积分。',
    explain: '10% off：¥100.00 减 ¥10.00（减 10%，最多 ¥15.00）',
    balance: (n: string) => `余额 ${n} 积分`,
  },
} as const;

async function arrange<C extends ChannelName>(page: Page, channel: C, input: InputOf<C>) {
  return invokeFromPage(page, channel, input, await tokenFor(page, MANAGER));
}

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };
  test(`bill reward (${lang}): 10% off redeemed on a purchase, collect and points right${lang === 'en' ? ', refund gives the points back' : ''}`, async ({
    page,
    host,
  }) => {
    await seedStaff(page, host, [
      { ...MANAGER, role: 'manager' },
      { ...CASHIER, role: 'cashier' },
    ]);
    await signInAs(page, MANAGER);
    const member = await arrange(page, 'members:register', MEMBER);
    if (!member.ok) throw new Error(member.error.message);
    const opening = await arrange(page, 'points:adjust', {
      opId: crypto.randomUUID(),
      memberId: member.value.id,
      points: 1000 as never,
      reason: 'opening balance',
    });
    expect(opening.ok).toBe(true);

    // ---- The manager adds the reward.
    await goTo(page, 'Rewards');
    const form = page.getByRole('form', { name: 'Add a reward' });
    await form.getByLabel('Reward name').fill('10% off');
    await form.getByLabel('Kind').selectOption('percentOff');
    await form.getByLabel('Cost in points').fill('500');
    await form.getByLabel('Percent off').fill('10');
    await form.getByLabel('At most (optional)').fill('15.00');
    await form.getByRole('button', { name: 'Add reward' }).click();
    await expect(form.getByRole('status')).toHaveText('Added 10% off.');
    const row = page.getByRole('table', { name: 'Rewards catalogue' }).getByRole('row', { name: /10% off/ });
    await expect(row).toContainText('Percent off the bill');
    await expect(row).toContainText('10% (at most ¥15.00)');
    await screenshot(page, 'rewards-bill-01-catalogue');

    // ---- …and decides what a refund does with it.
    await goTo(page, 'Points rules');
    const rules = page.getByRole('form', { name: 'Points rules' });
    await rules.getByLabel('Bill reward on a refunded receipt').selectOption('allOnFullRefund');
    await rules.getByRole('button', { name: 'Preview the effect' }).click();
    await expect(rules.getByText('No purchases yet to compare with.')).toBeVisible();
    await rules.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved version 2' })).toBeVisible();
    const state = await arrange(page, 'points:getRules', {});
    expect(state.ok && state.value.current.rules.rewardRefundPolicy).toBe('allOnFullRefund');
    await signOut(page);
    // Signed out (the English UI's button): the manager signs in again through the contract.
    if (lang !== 'en') {
      const again = await invokeFromPage(
        page,
        'auth:signIn',
        { username: MANAGER.username, password: MANAGER.password },
        null,
      );
      if (!again.ok) throw new Error(again.error.message);
      const switched = await invokeFromPage(page, 'settings:update', { locale: lang }, again.value.token);
      if (!switched.ok) throw new Error(`${switched.error.code}: ${switched.error.message}`);
    }

    // ---- The cashier redeems it while recording the purchase.
    await signInUi(page, lang, CASHIER);
    await openMemberUi(page, lang, MEMBER.name, MEMBER.name);
    const counter = page.getByRole('region', { name: ui.actions });
    await expect(counter.getByLabel(ui.balance('1,000'))).toBeVisible();
    const award = counter.getByRole('tabpanel').first();
    await award.getByLabel(ui.amount).fill('100.00');
    const reward = award.getByLabel(ui.billReward);
    await reward.selectOption({ label: ui.option });
    await expect(award.getByText(ui.off)).toBeVisible();
    await expect(award.getByText(ui.collect)).toBeVisible();
    await award.getByLabel(ui.receipt).fill('B-1');
    await award.getByLabel(ui.receipt).press('Enter');
    const result = award.getByRole('status', { name: ui.awardResult });
    await expect(result.locator('.result-big')).toHaveText(ui.pts);
    await expect(result.locator('.result-collect')).toHaveText(ui.collect);
    await expect(result).toContainText(ui.redeemed);
    await expect(result).toContainText(ui.explain);
    await expect(counter.getByLabel(ui.balance('590'))).toBeVisible();
    // Ready for the next customer: no reward chosen.
    await expect(reward).toHaveValue('');
    await screenshot(page, `rewards-bill-02-redeemed-on-purchase-${lang}`);
    if (lang !== 'en') return;

    // ---- Refunding the receipt: the reward's points come back (all, on a full refund).
    await page.keyboard.press('Alt+f');
    const refund = counter.getByRole('tabpanel', { name: /Refund/ });
    await refund.getByLabel('Receipt number to refund').fill('B-1');
    await refund.getByLabel('Receipt number to refund').press('Enter');
    await refund.getByRole('button', { name: 'Refund everything left' }).click();
    const refunded = refund.getByRole('status', { name: 'Refund result' });
    await expect(refunded.locator('.result-big')).toHaveText('+410 pts');
    await expect(refunded).toContainText('Returned ¥90.00 on receipt B-1: 90 pts taken back.');
    await expect(refunded).toContainText('500 pts of the bill reward given back.');
    await expect(counter.getByLabel('Balance 1,000 pts')).toBeVisible();
    await screenshot(page, 'rewards-bill-03-refunded');

    // The history says it in words, entry by entry.
    await page.keyboard.press('Alt+h');
    const history = counter.getByRole('table', { name: 'Points history' });
    await expect(history).toContainText(
      'Reward 10% off given back with the return: +500 pts (all of it on a full refund)',
    );
    await expect(history).toContainText('Redeemed 10% off on receipt B-1 (−¥10.00) for 500 pts');
  });
}

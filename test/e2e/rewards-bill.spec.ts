/**
 * Issue 11 item 2 end to end at 1024×768: a manager adds a percent-off reward (10% of
 * the bill, at most ¥15.00, 500 pts) on the Rewards page and picks what a refund does
 * with it in the rules editor; the cashier redeems it while recording a ¥100.00
 * purchase — the counter says "Collect ¥90.00" before and after — and the member earns
 * 90 (on what was paid); refunding the receipt gives the reward's 500 points back by
 * the policy and takes the 90 back.
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

const MEMBER = { name: 'Qian Li', phone: '139 8765 4321' };

async function arrange<C extends ChannelName>(page: Page, channel: C, input: InputOf<C>) {
  return invokeFromPage(page, channel, input, await tokenFor(page, MANAGER));
}

test('bill reward: 10% off redeemed on a purchase, collect and points right, refund gives the points back', async ({
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

  // ---- The cashier redeems it while recording the purchase.
  await signInAs(page, CASHIER);
  await page.keyboard.press('F2');
  await page.getByLabel('Find a member').fill(MEMBER.name);
  await page.getByLabel('Find a member').press('Enter');
  const counter = page.getByRole('region', { name: 'Points actions' });
  await expect(counter.getByLabel('Balance 1,000 pts')).toBeVisible();
  const award = counter.getByRole('tabpanel', { name: /Award/ });
  await award.getByLabel('Amount spent').fill('100.00');
  const reward = award.getByLabel('Bill reward');
  await reward.selectOption({ label: '10% off · 500 pts' });
  await expect(award.getByText('Takes ¥10.00 off this bill, for 500 pts.')).toBeVisible();
  await expect(award.getByText('Collect ¥90.00')).toBeVisible();
  await award.getByLabel('Receipt number').fill('B-1');
  await award.getByLabel('Receipt number').press('Enter');
  const result = award.getByRole('status', { name: 'Award result' });
  await expect(result.locator('.result-big')).toHaveText('+90 pts');
  await expect(result.locator('.result-collect')).toHaveText('Collect ¥90.00');
  await expect(result).toContainText('10% off took ¥10.00 off for 500 pts.');
  await expect(result).toContainText(
    '¥90.00 × 1 pt/¥1 = 90 pts · 10% off: −¥10.00 of ¥100.00 (10% off, at most ¥15.00)',
  );
  await expect(counter.getByLabel('Balance 590 pts')).toBeVisible();
  // Ready for the next customer: no reward chosen.
  await expect(reward).toHaveValue('');
  await screenshot(page, 'rewards-bill-02-redeemed-on-purchase');

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

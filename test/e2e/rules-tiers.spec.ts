/**
 * Issue 11 items 3, 5 and 6 end to end at 1024×768: a manager sets two tiers (Gold at
 * ×1.125), three spend rules (the second stops the list) and welcome points in the rules
 * editor, previews them against a past purchase, saves; a member registered afterwards
 * has the welcome points, the counter's member view says "¥300.00 more for Gold", a
 * ¥300 purchase earns by two spend rules (450), and the next purchase earns at Gold
 * ×1.125 — in English, and the welcome bonus in Chinese.
 */
import type { Page } from '@playwright/test';
import { test, expect, MANAGER, goTo, invokeFromPage, screenshot, seedStaff, signInAs, tokenFor } from './fixtures';
import type { ChannelName, InputOf } from '../../src/shared/contract';

async function arrange<C extends ChannelName>(page: Page, channel: C, input: InputOf<C>) {
  return invokeFromPage(page, channel, input, await tokenFor(page, MANAGER));
}

test('rules: tiers with ×1.125, spend rules with stop after, welcome points', async ({ page, host }) => {
  test.setTimeout(120_000);
  await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
  await signInAs(page, MANAGER);
  const old = await arrange(page, 'members:register', { name: 'Old Customer', phone: '139 1234 0001' });
  if (!old.ok) throw new Error(old.error.message);
  const past = await arrange(page, 'points:award', {
    opId: crypto.randomUUID(),
    memberId: old.value.id,
    receiptNo: 'OLD-1',
    totalMinor: 30_000,
  });
  expect(past.ok && past.value.pointsEarned).toBe(300);

  await goTo(page, 'Points rules');
  const rules = page.getByRole('form', { name: 'Points rules' });
  await rules.getByRole('button', { name: 'Add a tier' }).click();
  await rules.getByLabel('Tier 1 name').fill('Silver');
  await rules.getByLabel('Tier 1 spend to reach').fill('0');
  await rules.getByRole('button', { name: 'Add a tier' }).click();
  await rules.getByLabel('Tier 2 name').fill('Gold');
  await rules.getByLabel('Tier 2 spend to reach').fill('300');
  await rules.getByLabel('Tier 2 multiplier').fill('1.125');
  for (let i = 0; i < 3; i++) await rules.getByRole('button', { name: 'Add a spend rule' }).click();
  await rules.getByLabel('Spend rule 1 name').fill('Base');
  await rules.getByLabel('Spend rule 2 name').fill('Big basket');
  await rules.getByLabel('Spend rule 2 per amount').fill('2');
  await rules.getByLabel('Spend rule 2 minimum').fill('200');
  await rules.getByLabel('Spend rule 2 stop after').check();
  await rules.getByLabel('Spend rule 3 name').fill('Never');
  await rules.getByLabel('Spend rule 3 points').fill('5');
  await rules.getByLabel('Spend rule 3 minimum').fill('300');
  await rules.getByLabel('Welcome points at registration').fill('50');

  await rules.getByRole('button', { name: 'Preview the effect' }).click();
  const row = rules
    .getByRole('table', { name: 'What the last purchases would earn' })
    .getByRole('row', { name: /OLD-1/ });
  await expect(row).toContainText('¥300.00 × 3 pts/¥2 = 450 pts · spend rules Base + Big basket (stop)');
  await screenshot(page, 'rules-tiers-01-preview');
  await rules.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 2' })).toBeVisible();
  const state = await arrange(page, 'points:getRules', {});
  if (!state.ok) throw new Error(state.error.message);
  expect(state.value.current.rules).toMatchObject({
    welcomePoints: 50,
    tiers: [
      { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
      { name: 'Gold', thresholdMinor: 30_000, multiplierPercent: 112.5 },
    ],
    spendRules: [
      { name: 'Base', points: 1, perMinor: 100, minSpendMinor: 0 },
      { name: 'Big basket', points: 1, perMinor: 200, minSpendMinor: 20_000, stopAfter: true },
      { name: 'Never', points: 5, perMinor: 100, minSpendMinor: 30_000 },
    ],
  });

  // Registered after the save: the welcome points come with the registration.
  const member = await arrange(page, 'members:register', { name: 'Xu Ning', phone: '139 1234 0002' });
  if (!member.ok) throw new Error(member.error.message);
  await page.keyboard.press('F2');
  await page.getByLabel('Find a member').fill('Xu Ning');
  await page.getByLabel('Find a member').press('Enter');
  const counter = page.getByRole('region', { name: 'Points actions' });
  await expect(counter.getByLabel('Balance 50 pts')).toBeVisible();
  await expect(counter.getByLabel('Tier Silver')).toBeVisible();
  await expect(counter.getByText('¥300.00 more for Gold')).toBeVisible();
  await screenshot(page, 'rules-tiers-02-member-view');

  const award = counter.getByRole('tabpanel', { name: /Award/ });
  const buy = async (amount: string, receipt: string) => {
    await award.getByLabel('Amount spent').fill(amount);
    await award.getByLabel('Receipt number').fill(receipt);
    await award.getByLabel('Receipt number').press('Enter');
  };
  const result = award.getByRole('status', { name: 'Award result' });
  await buy('300.00', 'N-1');
  await expect(result.locator('.result-big')).toHaveText('+450 pts');
  await expect(result).toContainText('¥300.00 × 3 pts/¥2 = 450 pts · spend rules Base + Big basket (stop)');
  await expect(counter.getByLabel('Tier Gold')).toBeVisible();
  await expect(counter.getByText('Gold ×1.125')).toBeVisible();

  await award
    .click()
    .catch(() => undefined);
  await buy('100.00', 'N-2');
  await expect(result.locator('.result-big')).toHaveText('+112 pts');
  await expect(result).toContainText(
    '¥100.00 × 1 pt/¥1 = 100, Gold ×1.125 = 112.5 → 112 pts (rounded down) · spend rules Base',
  );
  await expect(counter.getByLabel('Balance 612 pts')).toBeVisible();
  await screenshot(page, 'rules-tiers-03-gold-award');

  await goTo(page, 'Settings');
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '收银台' }).click();
  await page.getByLabel('查找会员').fill('Xu Ning');
  await page.getByLabel('查找会员').press('Enter');
  const zh = page.getByRole('region', { name: '积分操作' });
  await expect(zh.getByLabel('等级 Gold')).toBeVisible();
  await zh.getByRole('tab', { name: /记录/ }).click();
  await expect(zh.getByRole('table', { name: '积分记录' })).toContainText('注册奖励 +50 积分');
});

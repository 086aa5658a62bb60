/**
 * Manager approval at the terminal (issue 10), in the real renderer at 1024×768: a
 * cashier's award above the limit opens "Manager approval" on the same screen; a wrong
 * manager password is refused there; the manager's password approves that one award,
 * which is then recorded — the session stays the cashier's, and the audit log names both.
 * Cancelling leaves nothing recorded and says why. In English and in Chinese.
 */
import type { Page } from '@playwright/test';
import { test, expect, CASHIER, MANAGER, invokeFromPage, seedStaff, signInAs, tokenFor } from './fixtures';
import { signInUi } from './counter-helpers';

const MEMBER = { name: 'Lin Mei', phone: '139 8765 4321' };

async function openMember(page: Page, label: string) {
  const box = page.getByLabel(label);
  await page.keyboard.press('F2');
  await expect(box).toBeFocused();
  await box.fill(MEMBER.name);
  await expect(page.getByRole('option')).toHaveCount(1);
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: MEMBER.name })).toBeVisible();
}

async function auditActions(page: Page, token: string) {
  const r = await invokeFromPage(page, 'audit:list', {}, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.entries.map((e) => ({ action: e.action, actor: e.actorName, details: e.details }));
}

test('a cashier’s award above the limit: the manager approves on the same screen, once', async ({ page, host }) => {
  test.skip(!host.testHost, 'reads the audit log through the test host');
  await seedStaff(page, host, [
    { ...CASHIER, role: 'cashier' },
    { ...MANAGER, role: 'manager' },
  ]);
  await signInAs(page, CASHIER);
  const cashierToken = await tokenFor(page, CASHIER);
  expect((await invokeFromPage(page, 'members:register', MEMBER, cashierToken)).ok).toBe(true);
  await openMember(page, 'Find a member');

  const panel = page.getByRole('region', { name: 'Points actions' }).getByRole('tabpanel', { name: /Award/ });
  await panel.getByLabel('Amount spent').fill('3000.00');
  await panel.getByLabel('Receipt number').fill('R-BIG-1');
  await panel.getByRole('button', { name: 'Award points (Enter)' }).click();
  // The counter first asks the cashier whether the unusually large amount is right.
  await panel.getByRole('button', { name: 'Yes, award for ¥3,000.00' }).click();

  const dialog = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('3,000 points');
  // A wrong password is refused in the dialog; nothing is recorded.
  await dialog.getByLabel('Manager’s user name').fill(MANAGER.username);
  await dialog.getByLabel('Manager’s password').fill('not the password');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Wrong user name or password. Check both and try again.');
  await expect(dialog.getByLabel('Manager’s password')).toHaveValue('');

  await dialog.getByLabel('Manager’s password').fill(MANAGER.password);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
  const result = panel.getByRole('status', { name: 'Award result' });
  await expect(result.locator('.result-big')).toHaveText('+3,000 pts');
  await expect(page.getByLabel('Balance 3,000 pts')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/approval-01-awarded.png' });

  // Still the cashier's terminal: the nav has no manager pages.
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Staff' })).toHaveCount(0);
  // Recorded: who asked, who approved, the award itself.
  const signIn = await invokeFromPage(
    page,
    'auth:signIn',
    { username: MANAGER.username, password: MANAGER.password },
    null,
  );
  const log = await auditActions(page, signIn.ok ? signIn.value.token : '');
  expect(log.find((e) => e.action === 'approval.granted')).toMatchObject({
    actor: MANAGER.username,
    details: { requestedBy: CASHIER.username, channel: 'points:award' },
  });
  expect(log.find((e) => e.action === 'approval.used')).toMatchObject({
    actor: CASHIER.username,
    details: { approvedBy: MANAGER.username },
  });
  expect(log.filter((e) => e.action === 'points.awarded')).toHaveLength(1);
});

test('zh-CN: cancelling the approval records nothing and says a manager must approve', async ({ page, host }) => {
  test.skip(!host.testHost, 'switches the language through the test host');
  await seedStaff(page, host, [
    { ...CASHIER, role: 'cashier' },
    { ...MANAGER, role: 'manager' },
  ]);
  const h = host.testHost!;
  const owner = await h.call('auth:signIn', { username: 'owner', password: 'correct horse battery' });
  if (!owner.ok) throw new Error(owner.error.message);
  await h.call('settings:update', { locale: 'zh-CN' }, owner.value.token);
  await signInUi(page, 'zh-CN', CASHIER);
  const token = await tokenFor(page, CASHIER);
  expect((await invokeFromPage(page, 'members:register', MEMBER, token)).ok).toBe(true);
  await openMember(page, '查找会员');

  const amount = page.getByLabel('消费金额');
  await amount.fill('3000.00');
  await page.getByRole('textbox', { name: '小票号', exact: true }).fill('R-BIG-2');
  await page.getByRole('textbox', { name: '小票号', exact: true }).press('Enter');
  await page.getByRole('button', { name: '确定，按 ¥3,000.00 发放积分' }).click();
  const dialog = page.getByRole('dialog', { name: '经理批准' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('此次积分发放超过收银员权限上限，需要经理批准。')).toBeVisible();
  const purchases = await invokeFromPage(page, 'points:getPurchase', { receiptNo: 'R-BIG-2' }, token);
  expect(purchases.ok).toBe(false);
});

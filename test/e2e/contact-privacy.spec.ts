/**
 * Contact data at the counter (issue 10 item 9, issue 9 item 11), in the real renderer at
 * 1024×768: a cashier's search results and member view show the phone and email masked
 * (main masks them: the full values never reach the cashier's renderer); "Show contact"
 * asks why, shows them, and the audit log names the cashier, the member and the reason; a
 * manager sees the full data without asking. A session searching too fast is told to
 * wait, in its language. In English and in Chinese.
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
import { signInUi } from './counter-helpers';

const MEMBER = { name: 'Lin Mei', phone: '139 8765 4321', email: 'lin.mei@example.com', birthday: '1990-05-17' };

async function registerAs(page: Page) {
  const token = await tokenFor(page, CASHIER);
  const r = await invokeFromPage(page, 'members:register', MEMBER, token);
  if (!r.ok) throw new Error(r.error.message);
  // Even the cashier's own registration comes back masked.
  expect(r.value).toMatchObject({ phone: null, phoneDisplay: '•••• 4321', email: 'l•••@example.com', birthday: null });
  return token;
}

/**
 * A harvesting script in this session: many searches at once, then one every 20 ms until
 * `stopHarvest` (faster than the bucket refills, so the box's own search meets it empty
 * however slow the machine is; a fixed duration raced the box's search on a loaded
 * machine). Resolves with how many of the first wave were refused.
 */
async function harvestInBackground(page: Page, token: string) {
  return page.evaluate(async (t) => {
    const g = globalThis as unknown as {
      perkdesk: { invoke(c: string, e: unknown): Promise<{ ok: boolean }> };
      stopHarvest?: () => void;
    };
    const search = (i: number) =>
      g.perkdesk.invoke('members:search', { token: t, input: { query: String(i).padStart(4, '0') } });
    const wave = await Promise.all(Array.from({ length: 80 }, (_, i) => search(i)));
    let i = 80;
    const timer = setInterval(() => void search(i++), 20);
    // A safety net: a test that fails before stopping it does not harvest forever.
    const cap = setTimeout(() => clearInterval(timer), 60_000);
    g.stopHarvest = () => {
      clearInterval(timer);
      clearTimeout(cap);
    };
    return wave.filter((r) => !r.ok).length;
  }, token);
}

async function stopHarvest(page: Page) {
  await page.evaluate(() => (globalThis as unknown as { stopHarvest?: () => void }).stopHarvest?.());
}

test('a cashier sees masked contact data; "Show contact" reveals it and the audit log records it', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'arranges through the test host bridge');
  await seedStaff(page, host, [
    { ...CASHIER, role: 'cashier' },
    { ...MANAGER, role: 'manager' },
  ]);
  await signInAs(page, CASHIER);
  await registerAs(page);

  // Search by the last 4 digits: the result shows them, masked.
  const box = page.getByLabel('Find a member');
  await box.fill('4321');
  const option = page.getByRole('option', { name: /Lin Mei/ });
  await expect(option).toContainText('•••• 4321');
  await expect(option).toContainText('l•••@example.com');
  await expect(option).not.toContainText('8765');
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: MEMBER.name })).toBeVisible();

  const details = page.getByRole('region', { name: 'Member details' });
  await expect(details.getByText('•••• 4321')).toBeVisible();
  await expect(details.getByText('l•••@example.com')).toBeVisible();
  await expect(details.getByText('On file (shown to managers)')).toBeVisible();
  await expect(page.getByText('1990-05-17')).toHaveCount(0);
  await screenshot(page, 'contact-01-masked-en');

  await details.getByRole('button', { name: 'Show contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Show contact' });
  await expect(dialog.getByRole('button', { name: 'Show', exact: true })).toBeDisabled();
  await dialog.getByLabel('Why do you need it?').selectOption({ label: 'Check it with what the member says' });
  await dialog.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(details.getByText('139 8765 4321')).toBeVisible();
  await expect(details.getByText('lin.mei@example.com')).toBeVisible();
  await expect(details.getByRole('status')).toHaveText('Contact data shown. This view is recorded in the audit log.');
  // Still no birthday for the cashier: nothing at the counter needs it.
  await expect(page.getByText('1990-05-17')).toHaveCount(0);
  await screenshot(page, 'contact-02-shown-en');
  await details.getByRole('button', { name: 'Hide contact' }).click();
  await expect(details.getByText('•••• 4321')).toBeVisible();

  // The manager: full data without asking, and the reveal in the audit log.
  await signOut(page);
  await signInAs(page, MANAGER);
  await page.getByLabel('Find a member').fill('4321');
  await expect(page.getByRole('option', { name: /Lin Mei/ })).toContainText('139 8765 4321');
  await goTo(page, 'Audit log');
  const log = page.getByRole('table', { name: 'Audit log' });
  await expect(
    log.getByRole('cell', {
      name: 'Cathy Cashier showed the contact data of Lin Mei (reason: Check it with what the member says).',
    }),
  ).toBeVisible();
  await screenshot(page, 'contact-03-audit-en');
});

test('zh-CN: masked contact, 显示联系方式 recorded in the audit log, and a throttled search says to wait', async ({
  page,
  host,
}) => {
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
  const token = await registerAs(page);

  const box = page.getByLabel('查找会员');
  await box.fill('Lin Mei');
  await expect(page.getByRole('option', { name: /Lin Mei/ })).toContainText('•••• 4321');
  await box.press('Enter');
  const details = page.getByRole('region', { name: '会员资料' });
  await expect(details.getByText('l•••@example.com')).toBeVisible();
  await details.getByRole('button', { name: '显示联系方式' }).click();
  const dialog = page.getByRole('dialog', { name: '显示联系方式' });
  await dialog.getByLabel('查看原因').selectOption({ label: '需要联系会员' });
  await dialog.getByRole('button', { name: '显示', exact: true }).click();
  await expect(details.getByText('139 8765 4321')).toBeVisible();
  await expect(details.getByRole('status')).toHaveText('已显示联系方式。本次查看已记入审计日志。');
  await screenshot(page, 'contact-04-shown-zh-CN');

  // A script drains the session's searches; the next search from the box says to wait.
  await page.getByRole('button', { name: /关闭会员/ }).click();
  expect(await harvestInBackground(page, token)).toBeGreaterThan(0);
  await box.fill('5555');
  await expect(page.getByRole('alert')).toContainText('短时间内查找次数过多。请等待');
  await screenshot(page, 'contact-05-throttled-zh-CN');
  await stopHarvest(page);
  // Once the script stops, the box asks again by itself after the wait: the answer replaces the refusal.
  await expect(page.getByText('没有与“5555”匹配的会员。')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  const manager = await h.call('auth:signIn', { username: MANAGER.username, password: MANAGER.password });
  if (!manager.ok) throw new Error(manager.error.message);
  const audit = await h.call('audit:list', {}, manager.value.token);
  if (!audit.ok) throw new Error(audit.error.message);
  const actions = audit.value.entries.map((e) => e.action);
  expect(actions.filter((a) => a === 'members.contactRevealed')).toHaveLength(1);
  expect(actions.filter((a) => a === 'members.lookupsThrottled')).toHaveLength(1);
});

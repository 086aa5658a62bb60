/**
 * Issue 9 item 20: first run. The owner set-up starts with the store's language (the
 * screen switches at once), name and currency; the recovery key is shown with every
 * group unbroken even in a narrow box, can be copied (clipboard read back) and printed
 * (only the key panel in print); the next sign-in has the owner's user name filled in
 * and the cursor in Password. What was set is read back from the test host's store.
 */
import { test, expect, OWNER, screenshot } from './fixtures';
import { storeAs } from './counter-helpers';

test('first run (zh-CN): language, store name and currency in the set-up; the key copied and printed, never split; user name prefilled', async ({
  page,
  host,
  context,
}) => {
  test.skip(!host.testHost, 'Reads the clipboard, the prints and the settings through the test host');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  await expect(page.getByRole('heading', { name: 'Welcome to PerkDesk' })).toBeVisible();
  const language = page.getByLabel('Language');
  await expect(language).toBeFocused();
  await language.selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '欢迎使用 PerkDesk' })).toBeVisible();
  await page.getByLabel('门店名称').fill('茶小馆');
  await page.getByLabel('币种').selectOption('HKD');
  await page.getByLabel('用户名').fill(OWNER.username);
  await page.getByLabel('显示名称').fill(OWNER.displayName);
  await page.getByLabel('密码', { exact: true }).fill(OWNER.password);
  await page.getByLabel('确认密码').fill(OWNER.password);
  await page.getByRole('button', { name: '创建店主账户' }).click();

  // ---- The recovery key: five groups, none split over two lines, even in a narrow box.
  const key = page.getByRole('note', { name: '恢复密钥' });
  await expect(key).toBeVisible();
  const recoveryKey = (await key.textContent())!.trim();
  expect(recoveryKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  const linesPerGroup = () =>
    key.evaluate((el) =>
      Array.from(el.querySelectorAll('.recovery-key-group'), (g) => {
        const tops = new Set(Array.from(g.getClientRects(), (r) => Math.round(r.top)));
        return tops.size;
      }),
    );
  expect(await linesPerGroup()).toEqual([1, 1, 1, 1, 1]);
  await key.evaluate((el) => {
    (el as HTMLElement).style.width = '9em';
  });
  const narrow = await linesPerGroup();
  expect(narrow).toEqual([1, 1, 1, 1, 1]);
  // …and it did wrap: the groups sit on more than one line, split only between them.
  const rows = await key.evaluate(
    (el) =>
      new Set(Array.from(el.querySelectorAll('.recovery-key-group'), (g) => Math.round(g.getBoundingClientRect().top)))
        .size,
  );
  expect(rows).toBeGreaterThan(1);
  await key.evaluate((el) => {
    (el as HTMLElement).style.width = '';
  });

  // Copy: the clipboard holds exactly the key.
  await page.getByRole('button', { name: '复制恢复密钥' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已复制' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(recoveryKey);

  // Print: asked once, in the key's print mode, where only the key panel shows.
  await page.getByRole('button', { name: '打印恢复密钥' }).click();
  const prints = await page.evaluate(() =>
    (globalThis as unknown as { __perkdeskTest: { prints(): string[] } }).__perkdeskTest.prints(),
  );
  expect(prints).toHaveLength(1);
  expect(prints[0]).toContain('printing-recovery-key');
  await screenshot(page, 'first-run-01-recovery-key-zh-CN');
  await page.emulateMedia({ media: 'print' });
  await expect(key).toBeVisible();
  await expect(page.getByRole('button', { name: '打印恢复密钥' })).toBeHidden();
  await expect(page.getByRole('button', { name: '继续' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // ---- Continue: the sign-in has the owner's user name, the cursor in Password.
  await page.getByLabel('我已抄写下来').check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByLabel('用户名')).toHaveValue(OWNER.username);
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: '主菜单' })).toBeVisible();
  await expect(page.getByText('茶小馆').first()).toBeVisible();

  const store = await storeAs(host);
  expect(await store('settings:get', {})).toMatchObject({
    locale: 'zh-CN',
    storeName: '茶小馆',
    currency: 'HKD',
    currencyMinorUnits: 2,
  });
});

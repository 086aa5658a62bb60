/**
 * Issue 2's end-to-end flow, in the real renderer against the real core:
 * first run → owner → recovery key once → sign in → create a cashier → sign in as the
 * cashier → no settings in the navigation, and a direct call to a manager channel is
 * FORBIDDEN → idle lock → unlock → 5 wrong passwords → back-off shown.
 * Also leaves screenshots of the main screens in test-results/screenshots.
 */
import {
  test,
  expect,
  OWNER,
  CASHIER,
  nav,
  goTo,
  signIn,
  signInAs,
  signOut,
  createStaff,
  invokeFromPage,
  tokenFor,
  screenshot,
  seedStaff,
} from './fixtures';

test('foundation: first run, roles, idle lock, unlock, sign-in back-off', async ({ page, host }) => {
  test.skip(!host.testHost, "Moves main's clock and reads the token from the test-host bridge");
  // The renderer's idle timer runs on the page clock, which the test fast-forwards.
  await page.clock.install();
  await page.reload();

  // First run: no staff yet → create the owner.
  await expect(page.getByRole('heading', { name: 'Welcome to PerkDesk' })).toBeVisible();
  await screenshot(page, '01-first-run');
  await page.getByLabel('User name').fill(OWNER.username);
  await page.getByLabel('Display name').fill(OWNER.displayName);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Confirm password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();

  // The recovery key, shown once; Continue only after "I have written it down".
  const key = page.getByRole('note', { name: 'Recovery key' });
  await expect(key).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  await screenshot(page, '02-recovery-key');
  const continueButton = page.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toBeDisabled();
  await page.getByLabel('I have written it down').check();
  await continueButton.click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Recovery key' })).toHaveCount(0);
  // Once means once: a reload offers sign-in, not the key or the setup again.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Welcome to PerkDesk')).toHaveCount(0);
  await screenshot(page, '03-sign-in');

  // The owner signs in and sees the whole navigation; the counter is the default page.
  await signInAs(page, OWNER);
  await expect(nav(page).getByRole('button', { name: 'Counter' })).toHaveAttribute('aria-current', 'page');
  for (const label of ['Members', 'Points rules', 'Rewards', 'Reports', 'Data', 'Staff', 'Audit log', 'Settings']) {
    await expect(nav(page).getByRole('button', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Signed in: Olivia Owner');
  await screenshot(page, '04-counter-owner');

  // Settings: idle lock after 1 minute, so the lock can be fast-forwarded below.
  await goTo(page, 'Settings');
  await page.getByLabel('Lock the terminal after this many idle minutes').fill('1');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await screenshot(page, '05-settings');

  // Create a cashier.
  await createStaff(page, { ...CASHIER, role: 'cashier' });
  await screenshot(page, '06-staff');

  // The audit log recorded all of it, and its chain verifies.
  await goTo(page, 'Audit log');
  await page.getByLabel('Action type').selectOption({ label: 'Every action: Staff' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const auditTable = page.getByRole('table', { name: 'Audit log' });
  await expect(auditTable.getByRole('cell', { name: 'Staff member added' }).first()).toBeVisible();
  await expect(auditTable.getByRole('cell', { name: 'Signed in', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('status')).toContainText('The audit chain is intact');
  await screenshot(page, '07-audit');

  // The cashier: no settings (or any manager page) in the navigation…
  await signOut(page);
  await signInAs(page, CASHIER);
  await expect(nav(page).getByRole('button')).toHaveText(['Counter', 'My account']);
  await expect(nav(page).getByRole('button', { name: 'Settings' })).toHaveCount(0);
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Role: Cashier');
  await screenshot(page, '08-counter-cashier');
  // …and main refuses a manager channel called directly with the cashier's token.
  const cashierToken = await tokenFor(page, CASHIER);
  const list = await invokeFromPage(page, 'staff:list', {}, cashierToken);
  expect(list.ok).toBe(false);
  expect(!list.ok && list.error.code).toBe('FORBIDDEN');
  const update = await invokeFromPage(page, 'settings:update', { idleLockMinutes: 240 }, cashierToken);
  expect(!update.ok && update.error.code).toBe('FORBIDDEN');

  // Idle for a minute → the lock screen; main refuses calls while locked.
  await page.clock.fastForward('01:10');
  await expect(page.getByRole('heading', { name: 'Terminal locked' })).toBeVisible();
  await expect(nav(page)).toBeHidden();
  if (host.testHost) {
    // The page's own session (its token is visible only through the test-host bridge).
    const whileLocked = await invokeFromPage(page, 'settings:get', {});
    expect(!whileLocked.ok && whileLocked.error.code).toBe('LOCKED');
  }
  await screenshot(page, '09-lock-screen');

  // Unlock with the password: a wrong one is refused, the right one opens the counter again.
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong password.');
  await page.getByLabel('Password').fill(CASHIER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(nav(page)).toBeVisible();
  if (host.testHost) expect((await invokeFromPage(page, 'settings:get', {})).ok).toBe(true);

  // Five wrong passwords at sign-in → back-off, with the time left.
  await signOut(page);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, CASHIER.username, `wrong password ${attempt}`);
    await expect(page.getByLabel('Password')).toHaveValue('');
    if (attempt < 5) await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  }
  await expect(page.getByRole('alert')).toHaveText(/^Too many failed attempts\. Try again in (30|29|28) s\.$/);
  await screenshot(page, '10-sign-in-backoff');
  // During the back-off even the right password is refused…
  await signIn(page, CASHIER.username, CASHIER.password);
  await expect(page.getByRole('alert')).toHaveText(/Too many failed attempts/);
  await expect(nav(page)).toHaveCount(0);
  // …and once it has passed (time-based, not a permanent lock) it works again. Only the
  // test host can move main's clock; the Electron run stops here.
  if (!host.testHost) return;
  host.advanceClock(31_000);
  await page.clock.fastForward(31_000);
  await signInAs(page, CASHIER);
});

test('F2 and / bring the counter back from another page', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, OWNER);
  await goTo(page, 'Staff');
  await page.keyboard.press('F2');
  await expect(nav(page).getByRole('button', { name: 'Counter' })).toHaveAttribute('aria-current', 'page');
  await goTo(page, 'Audit log');
  await page.getByRole('heading', { name: 'Audit log' }).click();
  await page.keyboard.press('/');
  await expect(nav(page).getByRole('button', { name: 'Counter' })).toHaveAttribute('aria-current', 'page');
});

test('switching the language in settings re-renders the app in Chinese', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, OWNER);
  await goTo(page, 'Settings');
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await expect(nav(page)).toHaveCount(0); // the navigation's name is now '主菜单'
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '收银台' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await screenshot(page, '11-settings-zh-CN');
  // The locale is the store's: the sign-in screen speaks it too, before anyone signs in.
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
});

test('a manager-issued reset code lets a cashier set a new password', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, OWNER);
  await goTo(page, 'Staff');
  await page.getByRole('button', { name: `Reset code for ${CASHIER.username}` }).click();
  const notice = page.getByRole('status');
  await expect(notice).toContainText(`One-time reset code for ${CASHIER.username}:`);
  const code = /: ([0-9A-Z]{4}-[0-9A-Z]{4}) /.exec((await notice.textContent()) ?? '')![1];
  await signOut(page);
  await page.getByRole('button', { name: 'Forgot password? Use a reset code' }).click();
  await page.getByLabel('User name').fill(CASHIER.username);
  await page.getByLabel('Reset code').fill(code);
  await page.getByLabel('New password', { exact: true }).fill('brand new pass 7');
  await page.getByLabel('Confirm new password').fill('brand new pass 7');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was reset. Sign in with the new password.');
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await signInAs(page, { ...CASHIER, password: 'brand new pass 7' });
});

test('a deactivated cashier cannot sign in; reactivated, they can', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, OWNER);
  await goTo(page, 'Staff');
  await page.getByRole('button', { name: `Deactivate ${CASHIER.username}` }).click();
  await expect(page.getByRole('button', { name: `Reactivate ${CASHIER.username}` })).toBeVisible();
  await signOut(page);
  await signIn(page, CASHIER.username, CASHIER.password);
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  await signInAs(page, OWNER);
  await goTo(page, 'Staff');
  await page.getByRole('button', { name: `Reactivate ${CASHIER.username}` }).click();
  await expect(page.getByRole('button', { name: `Deactivate ${CASHIER.username}` })).toBeVisible();
  await signOut(page);
  await signInAs(page, CASHIER);
});

test('the owner recovers with the recovery key and gets a new one, shown once', async ({ page, host }) => {
  const { recoveryKey } = await seedStaff(page, host, []);
  await page.getByRole('button', { name: 'Owner recovery' }).click();
  await page.getByLabel('Owner user name').fill(OWNER.username);
  await page.getByLabel('Recovery key').fill(recoveryKey.toLowerCase());
  await page.getByLabel('New password', { exact: true }).fill('a fresh boss pass 9');
  await page.getByLabel('Confirm new password').fill('a fresh boss pass 9');
  await page.getByRole('button', { name: 'Recover owner account' }).click();
  const newKey = page.getByRole('note', { name: 'Recovery key' });
  await expect(newKey).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  expect(await newKey.textContent()).not.toBe(recoveryKey);
  await page.getByLabel('I have written it down').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await signIn(page, OWNER.username, OWNER.password);
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  await signInAs(page, { ...OWNER, password: 'a fresh boss pass 9' });
});

test('a staff member changes their own password on My account', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, CASHIER);
  await goTo(page, 'My account');
  await page.getByLabel('Current password').fill(CASHIER.password);
  await page.getByLabel('New password', { exact: true }).fill('my own new pass 5');
  await page.getByLabel('Confirm new password').fill('my own new pass 5');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was changed.');
  await signOut(page);
  await signInAs(page, { ...CASHIER, password: 'my own new pass 5' });
});

test('keyboard only: sign in, open a page from the navigation, lock and unlock', async ({ page, host }) => {
  await seedStaff(page, host);
  // The user name field has the focus on arrival (waited for: keys typed before the page
  // has rendered go nowhere, which made this test lose the first letter on a busy machine).
  await expect(page.getByLabel('User name')).toBeFocused();
  await page.keyboard.type(OWNER.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press('Enter');
  await expect(nav(page)).toBeVisible();
  // Tab into the navigation and open Staff with the keyboard.
  const staffButton = nav(page).getByRole('button', { name: 'Staff', exact: true });
  for (let i = 0; i < 20 && !(await staffButton.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
  // Lock from the status bar with the keyboard; the lock screen takes the focus.
  await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Lock' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Terminal locked' })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
});

test('controls are touch-sized (>= 44 px) on the main screens at 1024x768', async ({ page, host }) => {
  await seedStaff(page, host);
  const tooSmall = async () =>
    page.evaluate(() =>
      [...document.querySelectorAll('button, input:not([type="checkbox"]), select, .check')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
        .filter((x) => x.h < 44),
    );
  expect(await tooSmall()).toEqual([]);
  await signInAs(page, OWNER);
  for (const label of ['Staff', 'Audit log', 'Settings', 'My account']) {
    await goTo(page, label);
    expect(await tooSmall(), label).toEqual([]);
  }
  // Nothing scrolls sideways at 1024 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
});

test('audit viewer: pages back with "Load older entries" and filters by staff member', async ({ page, host }) => {
  test.skip(!host.testHost, 'Seeds many audit records through the test host');
  await seedStaff(page, host);
  // 60 failed sign-ins of an unknown user: 60 audit records not made by any staff member.
  for (let i = 0; i < 60; i++) await host.testHost!.call('auth:signIn', { username: `nobody${i}`, password: 'x' });
  await signInAs(page, OWNER);
  await goTo(page, 'Audit log');
  const rows = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Load older entries' }).click();
  // The keyed chain's first record (audit.chainKeyed), setup, 1 created, sign-in/out, 60 failures, this sign-in.
  await expect(rows).toHaveCount(66);
  await expect(page.getByRole('button', { name: 'Load older entries' })).toHaveCount(0);
  await page.getByLabel('Staff member').selectOption({ label: `${OWNER.displayName} (${OWNER.username})` });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // What the owner did and what was done to them: created at first run, signed in,
  // created the cashier, signed out, signed in again.
  await expect(rows).toHaveCount(5);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(50);
});

test('the lock screen backs off after repeated wrong passwords and keeps the session', async ({ page, host }) => {
  await seedStaff(page, host);
  await signInAs(page, CASHIER);
  await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Lock' }).click();
  const password = page.getByLabel('Password', { exact: true });
  for (let attempt = 1; attempt <= 4; attempt++) {
    await password.fill(`wrong ${attempt}`);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(password).toHaveValue('');
    await expect(page.getByRole('alert')).toHaveText('Wrong password.');
  }
  // The fifth wrong password starts the back-off, as at sign-in...
  await password.fill('wrong 5');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Too many failed attempts\. Try again in \d+ s\.$/);
  // ...and during it even the right password is refused.
  await password.fill(CASHIER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Too many failed attempts\. Try again in \d+ s\.$/);
  await expect(page.getByRole('heading', { name: 'Terminal locked' })).toBeVisible();
  if (!host.testHost) return;
  host.advanceClock(31_000);
  await password.fill(CASHIER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(nav(page)).toBeVisible();
});

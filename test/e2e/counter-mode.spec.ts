/**
 * The counter-mode setting on the Settings page: a manager picks how the window sits
 * on a dedicated terminal; the choice is saved, shown again after a reload, audited,
 * and refused to a cashier. (The desktop app applies it to the window: that part is
 * tested with `electron` mocked in test/electron/.)
 */
import {
  test,
  expect,
  goTo,
  seedStaff,
  signInAs,
  screenshot,
  MANAGER,
  CASHIER,
  invokeFromPage,
  tokenFor,
} from './fixtures';

test('a manager sets the terminal to kiosk mode on the Settings page; it is saved and audited', async ({
  page,
  host,
}) => {
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await signInAs(page, MANAGER);
  await goTo(page, 'Settings');
  const mode = page.getByLabel('Window on this terminal');
  await expect(mode).toHaveValue('window');
  await expect(mode).toHaveAccessibleDescription(/dedicated counter PC/);
  await mode.selectOption({ label: 'Kiosk (full screen, desktop hidden)' });
  await screenshot(page, 'settings-counter-mode');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  await page.reload();
  await signInAs(page, MANAGER);
  await goTo(page, 'Settings');
  await expect(page.getByLabel('Window on this terminal')).toHaveValue('kiosk');

  const managerToken = await tokenFor(page, MANAGER);
  const audit = await invokeFromPage(page, 'audit:list', { action: 'settings.changed', limit: 20 }, managerToken);
  if (!audit.ok) throw new Error(audit.error.message);
  expect(audit.value.entries.filter((e) => e.target === 'counterMode')).toEqual([
    expect.objectContaining({ actorName: MANAGER.username, details: { from: 'window', to: 'kiosk' } }),
  ]);

  // The role is checked in main, not by hiding the control.
  const cashier = await invokeFromPage(
    page,
    'auth:signIn',
    { username: CASHIER.username, password: CASHIER.password },
    null,
  );
  if (!cashier.ok) throw new Error(cashier.error.message);
  const refused = await invokeFromPage(page, 'settings:update', { counterMode: 'window' }, cashier.value.token);
  expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
  const after = await invokeFromPage(page, 'settings:get', {}, managerToken);
  expect(after.ok && after.value.counterMode).toBe('kiosk');
});
